//! The conductor-sdk command-line tool.

fn main() {}
