//! Turning schema descriptions into wrapped rustdoc attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// The widest doc line the generator writes, not counting indentation and `/// `.
const WIDTH: usize = 80;

/// Splits `text` into doc lines of at most [`WIDTH`] columns, keeping blank lines between
/// paragraphs; a single word longer than the width stays whole.
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, paragraph) in text.split("\n\n").enumerate() {
        if index > 0 {
            lines.push(String::new());
        }
        wrap_paragraph(paragraph, &mut lines);
    }
    lines
}

fn wrap_paragraph(paragraph: &str, lines: &mut Vec<String>) {
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
}

/// `#[doc = " line"]` attributes for `text`, so that prettyplease prints `/// line`.
pub fn attributes(text: &str) -> TokenStream {
    let lines = wrap(text).into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}
