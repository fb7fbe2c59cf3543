//! `#[derive(FromJson)]`: decoders for `broadsheet_model::json`, the JSON
//! reader the app ships instead of serde_json (see that module for why).
//!
//! The derive reads the same `#[serde(…)]` attributes as serde's own derive,
//! so the two decoders of a type cannot disagree on a name or a default.
//! An attribute it does not understand is a compile error, never a silent
//! difference. What it supports is what the model uses:
//! - structs with named fields; `default`, `default = "path"` and
//!   `rename = "…"` on fields (`skip_serializing_if` only concerns writing);
//!   `Option` fields are `None` when absent, as with serde;
//! - `try_from = "Raw"` on any type: decode `Raw`, then `TryFrom`;
//! - enums of unit variants, with `rename_all = "snake_case"`, `rename` and
//!   `other` on variants.
//!
//! The generated code names `crate::json`: it is for the model crate only.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, LitStr, Type};

#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// What a `#[serde(…)]` list said, for the keys this derive knows.
#[derive(Default)]
struct SerdeAttrs {
    default: Option<Option<syn::Path>>,
    rename: Option<String>,
    rename_all: Option<String>,
    try_from: Option<Type>,
    other: bool,
}

/// Keys that only concern serialising, which this derive may ignore.
const WRITE_ONLY: &[&str] = &["skip_serializing_if", "into"];

fn serde_attrs(attrs: &[Attribute]) -> syn::Result<SerdeAttrs> {
    let mut out = SerdeAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match key.as_str() {
                "default" => {
                    out.default = Some(if meta.input.peek(syn::Token![=]) {
                        Some(meta.value()?.parse::<LitStr>()?.parse()?)
                    } else {
                        None
                    });
                }
                "rename" => out.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename_all" => out.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "try_from" => out.try_from = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "other" => out.other = true,
                _ if WRITE_ONLY.contains(&key.as_str()) => {
                    // Skip the value: `= "…"`.
                    let _: LitStr = meta.value()?.parse()?;
                }
                _ => {
                    return Err(meta.error(format!(
                        "FromJson does not support `serde({key})`: teach broadsheet-model-derive \
                         first, or the app and press would decode this type differently"
                    )))
                }
            }
            Ok(())
        })?;
    }
    Ok(out)
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let attrs = serde_attrs(&input.attrs)?;
    let body = if let Some(raw) = &attrs.try_from {
        quote! {
            let at = p.value_start();
            let raw = <#raw as crate::json::FromJson>::from_json(p)?;
            <Self as ::core::convert::TryFrom<#raw>>::try_from(raw)
                .map_err(|message| crate::json::Error::new(at, message))
        }
    } else {
        match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => struct_body(fields)?,
                _ => return Err(syn::Error::new_spanned(name, "FromJson: only named fields")),
            },
            Data::Enum(data) => {
                let mut arms = Vec::new();
                let mut other = None;
                for variant in &data.variants {
                    if !matches!(variant.fields, Fields::Unit) {
                        return Err(syn::Error::new_spanned(
                            variant,
                            "FromJson: only unit variants (use `try_from` for others)",
                        ));
                    }
                    let v = &variant.ident;
                    let variant_attrs = serde_attrs(&variant.attrs)?;
                    if variant_attrs.other {
                        other = Some(quote! { _ => Self::#v, });
                        continue;
                    }
                    let json = match (variant_attrs.rename, attrs.rename_all.as_deref()) {
                        (Some(rename), _) => rename,
                        (None, Some("snake_case")) => snake_case(&v.to_string()),
                        (None, None) => v.to_string(),
                        (None, Some(rule)) => {
                            return Err(syn::Error::new_spanned(
                                name,
                                format!("FromJson: `rename_all = \"{rule}\"` is not supported"),
                            ))
                        }
                    };
                    arms.push(quote! { #json => Self::#v, });
                }
                let other = other.unwrap_or_else(|| {
                    quote! {
                        unknown => return ::core::result::Result::Err(crate::json::Error::new(
                            at,
                            ::std::format!("unknown variant `{unknown}`"),
                        )),
                    }
                });
                quote! {
                    let at = p.value_start();
                    let text = p.string()?;
                    ::core::result::Result::Ok(match &*text { #(#arms)* #other })
                }
            }
            Data::Union(_) => return Err(syn::Error::new_spanned(name, "FromJson: no unions")),
        }
    };
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics crate::json::FromJson for #name #ty_generics #where_clause {
            #[inline(never)]
            fn from_json(
                p: &mut crate::json::Parser<'_>,
            ) -> ::core::result::Result<Self, crate::json::Error> {
                #body
            }
        }
    })
}

fn struct_body(fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (index, field) in fields.named.iter().enumerate() {
        let ident = field.ident.as_ref().expect("named");
        let ty = &field.ty;
        let attrs = serde_attrs(&field.attrs)?;
        let json = attrs.rename.unwrap_or_else(|| ident.to_string());
        let slot = quote::format_ident!("field_{}", index);
        slots.push(
            quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; },
        );
        arms.push(quote! { #json => p.field(&mut #slot, #json)?, });
        let init = match attrs.default {
            Some(Some(path)) => quote! { #slot.unwrap_or_else(#path) },
            Some(None) => quote! { #slot.unwrap_or_default() },
            None if is_option(ty) => quote! { #slot.unwrap_or_default() },
            None => quote! { crate::json::required(#slot, #json, at)? },
        };
        inits.push(quote! { #ident: #init, });
    }
    Ok(quote! {
        #(#slots)*
        let at = p.begin_object()?;
        while let ::core::option::Option::Some(key) = p.next_key()? {
            match &*key {
                #(#arms)*
                _ => p.skip_value()?,
            }
        }
        ::core::result::Result::Ok(Self { #(#inits)* })
    })
}

/// serde treats a missing `Option<…>` field as `None` even without `default`.
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Option"),
        _ => false,
    }
}

/// `PullQuote` → `pull_quote`, as serde's `rename_all = "snake_case"`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}
