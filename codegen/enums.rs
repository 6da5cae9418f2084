//! Rust enums for the string enumerations of the schemas: open enums that keep values
//! they do not know, and the closed `Capability` enum with its catalog.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::codegen::docs;
use crate::codegen::error::CodegenError;
use crate::codegen::model::{CapabilityDef, EnumValue, TypeDef};

/// An open enum: one variant per known value and `Unknown(String)` for any other, so
/// that a value written by a newer program survives a read and a write unchanged.
pub fn open_enum(def: &TypeDef, values: &[EnumValue]) -> Result<TokenStream, CodegenError> {
    let name = ident(&def.name);
    let variants = variant_idents(def, values.iter().map(|v| v.value.as_str()))?;
    let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let docs = docs::attributes(&def.description);
    let variant_docs = values
        .iter()
        .map(|v| docs::attributes(&format!("`{}`: {}", v.value, v.description)));

    let definition = quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version does not know, kept exactly as it was read so that it is
            /// written back unchanged. Go's zero value, the empty string, is held here too.
            Unknown(::std::string::String),
        }
    };
    let methods = quote! {
        impl #name {
            /// Every value this version knows, in schema order.
            pub const KNOWN: &'static [#name] = &[ #( #name::#variants, )* ];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #wire, )*
                    #name::Unknown(value) => value,
                }
            }

            /// Whether the value is one of [`Self::KNOWN`].
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::Unknown(_))
            }
        }

        impl ::std::default::Default for #name {
            /// Go's zero value: the empty string, which is not a known value.
            fn default() -> Self {
                #name::Unknown(::std::string::String::new())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wire => #name::#variants, )*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #wire => #name::#variants, )*
                    _ => #name::Unknown(value),
                }
            }
        }
    };
    let traits = string_traits(&name);
    Ok(quote! { #definition #methods #traits })
}

/// `FromStr`, `Display`, `Serialize` and `Deserialize` through the wire string.
fn string_traits(name: &Ident) -> TokenStream {
    quote! {
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(#name::from)
            }
        }
    }
}

/// The `Capability` enum, its catalog accessors and one name constant per capability.
pub fn capabilities(def: &TypeDef, caps: &[CapabilityDef]) -> Result<TokenStream, CodegenError> {
    let name = ident(&def.name);
    let bare: Vec<String> = caps
        .iter()
        .map(|c| {
            c.constant
                .strip_prefix("Capability")
                .unwrap_or(&c.constant)
                .to_owned()
        })
        .collect();
    let variants = variant_idents(def, bare.iter().map(String::as_str))?;
    let docs = docs::attributes(&def.description);
    let count = caps.len();

    let variant_docs = caps.iter().map(|c| {
        let text = format!(
            "`{}`: {}\n\nTriggered by {}.",
            c.value, c.description, c.trigger
        );
        docs::attributes(&text)
    });
    let values: Vec<&str> = caps.iter().map(|c| c.value.as_str()).collect();
    let go_names: Vec<&str> = caps.iter().map(|c| c.constant.as_str()).collect();
    let triggers: Vec<&str> = caps.iter().map(|c| c.trigger.as_str()).collect();
    let descriptions: Vec<&str> = caps.iter().map(|c| c.description.as_str()).collect();
    let modes = caps.iter().map(|c| ident(&c.mode.to_upper_camel_case()));
    let groups = caps.iter().map(|c| ident(&c.group.to_upper_camel_case()));
    let constants = name_constants(caps, &variants);

    Ok(quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
        }

        impl #name {
            /// Every capability, in catalog order.
            pub const ALL: [#name; #count] = [ #( #name::#variants, )* ];

            /// The capability's permanent name, as written on the wire and passed to the
            /// runner as `CAPABILITY`.
            pub const fn as_str(self) -> &'static str {
                match self { #( #name::#variants => #values, )* }
            }

            /// The capability with this exact name, if there is one.
            pub fn from_name(name: &str) -> ::std::option::Option<#name> {
                match name {
                    #( #values => ::std::option::Option::Some(#name::#variants), )*
                    _ => ::std::option::Option::None,
                }
            }

            /// The name of the Go constant for this capability, such as `CapabilityBootstrap`.
            pub const fn go_constant(self) -> &'static str {
                match self { #( #name::#variants => #go_names, )* }
            }

            /// What triggers the capability.
            pub const fn trigger(self) -> &'static str {
                match self { #( #name::#variants => #triggers, )* }
            }

            /// What the capability does.
            pub const fn description(self) -> &'static str {
                match self { #( #name::#variants => #descriptions, )* }
            }

            /// How a runner performs the capability.
            pub fn mode(self) -> CapabilityMode {
                match self { #( #name::#variants => CapabilityMode::#modes, )* }
            }

            /// The part of the system that triggers the capability.
            pub fn group(self) -> CapabilityGroup {
                match self { #( #name::#variants => CapabilityGroup::#groups, )* }
            }
        }

        #constants
    })
}

fn name_constants(caps: &[CapabilityDef], variants: &[Ident]) -> TokenStream {
    let items = caps.iter().zip(variants).map(|(cap, variant)| {
        let constant = ident(&cap.constant.to_shouty_snake_case());
        let value = &cap.value;
        let doc = format!(" The name of [`Capability::{variant}`]: `{value}`.");
        quote! {
            #[doc = #doc]
            pub const #constant: &str = #value;
        }
    });
    quote! { #(#items)* }
}

/// UpperCamelCase identifiers for `values`, failing on a collision.
fn variant_idents<'a>(
    def: &TypeDef,
    values: impl Iterator<Item = &'a str>,
) -> Result<Vec<Ident>, CodegenError> {
    let mut names: Vec<String> = Vec::new();
    for value in values {
        let name = value.to_upper_camel_case();
        if name.is_empty() || name == "Unknown" || names.contains(&name) {
            let message = format!(
                "value {value:?} gives the Rust variant {name:?}, which is empty, reserved or taken"
            );
            return Err(CodegenError::schema(&def.file, &def.pointer, message));
        }
        names.push(name);
    }
    Ok(names.iter().map(|n| ident(n)).collect())
}

/// An identifier for generated code.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
