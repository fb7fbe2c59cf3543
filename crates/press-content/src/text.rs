//! Small text helpers: slugs, tokens for similarity, XML escaping.

/// The slug of a tag in any script: transliterated (deunicode), never empty.
pub fn tag_slug(name: &str) -> String {
    let slug = slugify(name);
    if name.chars().any(char::is_alphanumeric)
        && !slug.is_empty()
        && deunicode::deunicode(name)
            .chars()
            .any(|c| c.is_ascii_alphanumeric())
    {
        slug
    } else {
        // Nothing to transliterate (emoji, symbols): a stable name from its letters' hash.
        format!("tag-{:08x}", fnv1a(name.as_bytes(), FNV_OFFSET) as u32)
    }
}

/// Makes a slug from any text: `"Kim's 2nd visit!"` → `"kims-2nd-visit"`.
pub fn slugify(text: &str) -> String {
    // Any script to ASCII (deunicode): "Αθήνα" → "Athina", "北京" → "Bei Jing".
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // Apostrophes join: "Kim's" → "kims".
        } else {
            pending_hyphen = true;
        }
    }
    // Cut at a word boundary (ASCII only from here, so any index is a char boundary).
    if slug.len() > 80 {
        let cut = slug[..=80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_owned()
}

/// FNV-1a's offset basis: the usual seed for [`fnv1a`].
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a (the `fnv` crate) over bytes, continuing from `seed`:
/// stable across runs and platforms, unlike the standard hasher's random seed.
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = fnv::FnvHasher::with_key(seed);
    hasher.write(bytes);
    hasher.finish()
}

/// Escapes text for XML and HTML: the project's one escape function
/// lives in the model (`broadsheet_model::rules::escape_markup`).
pub use broadsheet_model::rules::escape_markup as xml_escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Kim's 2nd visit!"), "kims-2nd-visit");
        assert_eq!(slugify("  São Paulo — Zürich  "), "sao-paulo-zurich");
        assert_eq!(slugify("***"), "");
        assert!(slugify(&"word ".repeat(40)).len() <= 80);
        // Transliterated, not cut at the letter: "æ" is "ae".
        assert_eq!(
            slugify("Archæologist finds hoard"),
            "archaeologist-finds-hoard"
        );
        // Cut at a word boundary, never mid-word.
        let headline =
            "Delegates from every province gather in the capital for the opening of the national congress";
        let long = slugify(headline);
        let whole = headline.to_lowercase().replace(' ', "-");
        assert!(long.len() <= 80, "{long}");
        assert!(
            whole.starts_with(&long) && whole[long.len()..].starts_with('-'),
            "{long}"
        );
    }

    #[test]
    fn fnv1a_is_the_standard_one() {
        // The published FNV-1a 64 test vectors: "" and "a".
        assert_eq!(fnv1a(b"", FNV_OFFSET), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            fnv1a(b"b", fnv1a(b"a", FNV_OFFSET)),
            fnv1a(b"ab", FNV_OFFSET)
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
