//! The structs: typify generates them from a reduced schema, then a syn pass makes their
//! serde attributes match Go's `encoding/json`.
//!
//! typify sees only the shape of each struct (every property present, no constraints), so
//! that it generates plain field types; the constraints stay in the published schemas for
//! the validator. The syn pass then restores the wire order of the fields, reads missing
//! keys and `null` as the zero value, skips the zero value of properties Go omits when
//! empty, and adds the fields that never appear on the wire.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value, json};
use syn::{Attribute, Field, Fields, Item, ItemStruct, parse_quote};
use typify::{TypeSpace, TypeSpaceSettings};

use crate::codegen::docs;
use crate::codegen::enums::ident;
use crate::codegen::error::CodegenError;
use crate::codegen::model::{Kind, Property, Shape, StructDef, TypeDef};

/// Generates every struct of `types` with typify and fixes its serde attributes.
pub fn generate(types: &[TypeDef]) -> Result<TokenStream, CodegenError> {
    let tokens = run_typify(types)?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| output_error(format!("{e}")))?;

    let mut items = Vec::new();
    for item in file.items {
        match item {
            Item::Struct(item) => {
                let item = fix_struct(item, types)?;
                let reader = go_reader(&item, types)?;
                items.push(Item::Struct(item));
                items.extend(reader);
            }
            // typify's conversion error module; nothing here converts with it.
            Item::Mod(module) if module.ident == "error" => {}
            other => return Err(output_error(format!("unexpected item {}", quote!(#other)))),
        }
    }
    check_all_generated(types, &items)?;
    Ok(quote! { #(#items)* })
}

fn run_typify(types: &[TypeDef]) -> Result<TokenStream, CodegenError> {
    let mut settings = TypeSpaceSettings::default();
    settings.with_map_type("::std::collections::BTreeMap".to_owned());
    for derive in ["Default", "PartialEq", "Eq"] {
        settings.with_derive(derive.to_owned());
    }

    let mut definitions = Vec::new();
    for def in types {
        match &def.kind {
            Kind::Struct(fields) => {
                definitions.push((def.name.clone(), struct_schema(def, fields)))
            }
            Kind::Enum(_) => {
                settings.with_replacement(&def.name, &def.name, std::iter::empty());
                definitions.push((def.name.clone(), json!({ "type": "string" })));
            }
            Kind::HandWritten(path) => {
                settings.with_replacement(&def.name, path, std::iter::empty());
                definitions.push((def.name.clone(), json!({ "type": "string" })));
            }
            Kind::Capabilities(_) | Kind::PlainString => {}
        }
    }

    let definitions = definitions
        .into_iter()
        .map(|(name, value)| {
            let schema =
                serde_json::from_value(value).map_err(|e| typify_error(format!("{name}: {e}")))?;
            Ok((name, schema))
        })
        .collect::<Result<Vec<(String, schemars::schema::Schema)>, CodegenError>>()?;

    let mut space = TypeSpace::new(&settings);
    space
        .add_ref_types(definitions)
        .map_err(|e| typify_error(e.to_string()))?;
    Ok(space.to_stream())
}

/// The schema typify sees for a struct: its shape only, with every property required.
fn struct_schema(def: &TypeDef, fields: &StructDef) -> Value {
    let mut properties = Map::new();
    for property in &fields.properties {
        let mut schema = shape_schema(&property.shape);
        schema["description"] = Value::String(property.description.clone());
        properties.insert(property.wire_name.clone(), schema);
    }
    let required: Vec<&str> = fields
        .properties
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    json!({
        "title": def.name,
        "description": def.description,
        "type": "object",
        "properties": properties,
        "required": required,
    })
}

fn shape_schema(shape: &Shape) -> Value {
    match shape {
        Shape::String => json!({ "type": "string" }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::Int32 => json!({ "type": "integer", "format": "int32" }),
        Shape::Int64 => json!({ "type": "integer", "format": "int64" }),
        Shape::Named(name) => json!({ "$ref": format!("#/definitions/{name}") }),
        Shape::Array(items) => json!({ "type": "array", "items": shape_schema(items) }),
        Shape::Map(values) => {
            json!({ "type": "object", "additionalProperties": shape_schema(values) })
        }
        Shape::Nullable(inner) => json!({ "anyOf": [shape_schema(inner), { "type": "null" }] }),
    }
}

/// The `Deserialize` impl of a struct: Go's key matching through `crate::wire`, so that
/// `status` and `STATUS` fill `Status` as they do in Go.
fn go_reader(item: &ItemStruct, types: &[TypeDef]) -> Result<Vec<Item>, CodegenError> {
    let name = &item.ident;
    let Some(TypeDef {
        kind: Kind::Struct(schema),
        ..
    }) = types.iter().find(|t| item.ident == t.name)
    else {
        return Err(output_error(format!(
            "struct {name} matches no object type"
        )));
    };
    let Fields::Named(named) = &item.fields else {
        return Err(output_error(format!("struct {name} has no named fields")));
    };

    let wire_names: Vec<&str> = schema
        .properties
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    let fields = schema.properties.iter().zip(&named.named).enumerate();
    let arms = fields.map(|(index, (property, field))| {
        let ident = &field.ident;
        let read = reader_for(&property.shape);
        quote! { #index => #read(map, &mut self.#ident), }
    });
    let name_text = name.to_string();

    let go_struct: Item = parse_quote! {
        impl crate::wire::GoStruct for #name {
            const NAME: &'static str = #name_text;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    #(#arms)*
                    _ => map.next_value::<::serde::de::IgnoredAny>().map(drop),
                }
            }
        }
    };
    let deserialize: Item = parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::wire::deserialize_struct(deserializer)
            }
        }
    };
    Ok(vec![go_struct, deserialize])
}

/// The `crate::wire` function that reads a field of this shape as Go does: `null` leaves
/// a value alone, sets a nullable field to `None`, and reads as the zero value inside lists
/// and maps.
fn reader_for(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Nullable(inner) if matches!(**inner, Shape::Array(_)) => {
            quote!(crate::wire::read_nullable_array)
        }
        Shape::Nullable(_) => quote!(crate::wire::read_nullable),
        Shape::Array(_) => quote!(crate::wire::read_array),
        Shape::Map(_) => quote!(crate::wire::read_map),
        _ => quote!(crate::wire::read_value),
    }
}

/// Puts the fields of a typify struct in wire order with Go's serde attributes.
fn fix_struct(mut item: ItemStruct, types: &[TypeDef]) -> Result<ItemStruct, CodegenError> {
    let name = item.ident.to_string();
    let def = types.iter().find(|t| t.name == name);
    let Some(TypeDef {
        kind: Kind::Struct(schema),
        ..
    }) = def
    else {
        return Err(output_error(format!(
            "struct {name} matches no object type of the schemas"
        )));
    };
    let Fields::Named(named) = &mut item.fields else {
        return Err(output_error(format!("struct {name} has no named fields")));
    };

    let mut generated: Vec<Field> = std::mem::take(&mut named.named).into_iter().collect();
    for property in &schema.properties {
        let position = generated
            .iter()
            .position(|f| wire_name(f).as_deref() == Some(&property.wire_name));
        let Some(position) = position else {
            let message = format!("{name} has no field for property {:?}", property.wire_name);
            return Err(output_error(message));
        };
        let field = generated.remove(position);
        named.named.push(fix_field(field, property, &name)?);
    }
    if let Some(extra) = generated.first() {
        return Err(output_error(format!(
            "{name} has a field {:?} the schema does not declare",
            extra.ident
        )));
    }
    for extra in &schema.extra_fields {
        let field_name = ident(&extra.name);
        let type_name = ident(&extra.type_name);
        let docs = docs::attributes(&extra.description);
        named
            .named
            .push(parse_quote! { #docs #[serde(skip)] pub #field_name: #type_name });
    }

    item.attrs = fix_container_attrs(item.attrs, &def_description(types, &name));
    Ok(item)
}

fn def_description(types: &[TypeDef], name: &str) -> String {
    types
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.description.clone())
        .unwrap_or_default()
}

/// The struct's attributes: wrapped docs, typify's derives, and `serde(default)` so that a
/// missing key reads as Go's zero value.
fn fix_container_attrs(attrs: Vec<Attribute>, description: &str) -> Vec<Attribute> {
    let docs = docs::attributes(description);
    let mut fixed: Vec<Attribute> = parse_quote!(#docs);
    for attr in attrs {
        if attr.path().is_ident("doc") || attr.path().is_ident("serde") {
            continue;
        }
        if attr.path().is_ident("derive") {
            fixed.push(without_deserialize(&attr));
            continue;
        }
        fixed.push(attr);
    }
    fixed.push(parse_quote!(#[serde(default)]));
    fixed
}

/// A `derive` attribute without `Deserialize`, which the generator implements itself.
fn without_deserialize(attr: &Attribute) -> Attribute {
    let derives = attr
        .parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .unwrap_or_default();
    let kept = derives.iter().filter(|path| {
        path.segments
            .last()
            .is_none_or(|segment| segment.ident != "Deserialize")
    });
    parse_quote!(#[derive(#(#kept),*)])
}

/// Rebuilds the attributes of one field: wrapped docs, then one `serde` attribute.
fn fix_field(mut field: Field, property: &Property, owner: &str) -> Result<Field, CodegenError> {
    check_field_type(&field, property, owner)?;

    let wire = &property.wire_name;
    let rename = field
        .ident
        .as_ref()
        .is_some_and(|i| i != wire)
        .then(|| quote!(rename = #wire,));
    let skip = (!property.required).then(|| {
        let test = property.shape.is_empty_fn();
        quote!(skip_serializing_if = #test,)
    });

    let docs = docs::attributes(&property.description);
    let serde: TokenStream = quote!(#rename #skip);
    field.attrs = if serde.is_empty() {
        parse_quote!(#docs)
    } else {
        parse_quote!(#docs #[serde(#serde)])
    };
    strip_trailing_comma(&mut field);
    Ok(field)
}

/// A trailing comma inside `#[serde(...)]` is legal; drop it so the output reads well.
fn strip_trailing_comma(field: &mut Field) {
    for attr in &mut field.attrs {
        if let syn::Meta::List(list) = &mut attr.meta {
            let text = list.tokens.to_string();
            if let Some(trimmed) = text.trim_end().strip_suffix(',')
                && let Ok(tokens) = trimmed.parse()
            {
                list.tokens = tokens;
            }
        }
    }
}

/// Fails when typify's field type disagrees with the shape read from the schema.
fn check_field_type(field: &Field, property: &Property, owner: &str) -> Result<(), CodegenError> {
    let ty = &field.ty;
    let text = quote!(#ty).to_string().replace(' ', "");
    let expected_option = matches!(property.shape, Shape::Nullable(_));
    let is_option = text.starts_with("::std::option::Option<");
    if expected_option != is_option {
        let message = format!(
            "{owner}.{}: typify chose `{text}` for shape {:?}",
            property.wire_name, property.shape
        );
        return Err(output_error(message));
    }
    Ok(())
}

/// The wire name of a typify field: its `serde(rename)` or else its identifier.
fn wire_name(field: &Field) -> Option<String> {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut rename = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if rename.is_some() {
            return rename;
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
}

fn check_all_generated(types: &[TypeDef], items: &[Item]) -> Result<(), CodegenError> {
    for def in types.iter().filter(|t| matches!(t.kind, Kind::Struct(_))) {
        let found = items
            .iter()
            .any(|i| matches!(i, Item::Struct(s) if s.ident == def.name));
        if !found {
            return Err(CodegenError::schema(
                &def.file,
                &def.pointer,
                "typify generated no struct for this type",
            ));
        }
    }
    Ok(())
}

fn typify_error(message: String) -> CodegenError {
    CodegenError::Typify { message }
}

fn output_error(message: String) -> CodegenError {
    CodegenError::Output { message }
}
