//! The JSON reader for the static API: a pull parser and [`FromJson`],
//! derived for the model's types by `broadsheet-model-derive` from the same
//! `#[serde(…)]` attributes as serde's derive.
//!
//! Why not serde_json here: in the reader's WebAssembly, serde_json and
//! serde's derived visitors were about 39 KB brotli, 17 % of the first load
//! (docs/performance.md, "What decoding costs"). This reader is one
//! non-generic parser plus, per type, a loop over its keys. Why not a
//! smaller crate: nanoserde 0.2 panics (`unimplemented!`) on some malformed
//! input, loops forever on a file cut short inside an unknown field, reads
//! a NUL character as the end of the text and has no depth limit; crates
//! that parse into a tree lose the positions an error must name.
//!
//! Guarantees, each tested against serde_json (`json/tests.rs`):
//! - the same texts are accepted (RFC 8259: no trailing commas, comments,
//!   lone surrogates or control characters in strings; nothing after the
//!   value), up to [`crate::limits::MAX_JSON_DEPTH`] levels of nesting;
//! - the same values come out, with serde's defaults for missing fields,
//!   unknown fields ignored and duplicate fields refused;
//! - no input panics, recursion is bounded, and every error names its line,
//!   column and field (`body[3].content[0].href`).
//!
//! press writes the JSON with serde_json; serde's `Deserialize` stays on the
//! model's types for anyone who reads the API with serde.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::limits::MAX_JSON_DEPTH;

pub use broadsheet_model_derive::FromJson;

/// A type that can be read from the JSON API.
pub trait FromJson: Sized {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error>;
}

/// Reads `text`, which must hold one value of type `T` and nothing else.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Located> {
    let mut parser = Parser::new(text);
    T::from_json(&mut parser)
        .and_then(|value| parser.finish().map(|()| value))
        .map_err(|error| error.locate(text))
}

/// A decoding error at a byte offset, with the field it was in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    offset: usize,
    /// `body[3].content`, built outwards as the error returns.
    path: String,
    message: String,
}

impl Error {
    pub fn new(offset: usize, message: impl Into<String>) -> Error {
        Error {
            offset,
            path: String::new(),
            message: message.into(),
        }
    }

    fn within(mut self, segment: String) -> Error {
        let dot = if self.path.is_empty() || self.path.starts_with('[') {
            ""
        } else {
            "."
        };
        self.path = format!("{segment}{dot}{}", self.path);
        self
    }

    fn locate(self, text: &str) -> Located {
        let before = &text[..self.offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        let message = if self.path.is_empty() {
            self.message
        } else {
            format!("field `{}`: {}", self.path, self.message)
        };
        Located {
            line,
            column,
            message,
        }
    }
}

/// An [`Error`] with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// For derived code: a field that must be there.
pub fn required<T>(slot: Option<T>, name: &str, object_at: usize) -> Result<T, Error> {
    slot.ok_or_else(|| Error::new(object_at, format!("missing field `{name}`")))
}

/// A cursor over the text. Values are read in order; the structure is
/// checked as it is read.
pub struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    /// Set by `begin_object`/`begin_array`: the next key or element is the
    /// first, so no comma comes before it.
    fresh: bool,
    key_at: usize,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            pos: 0,
            depth: 0,
            fresh: false,
            key_at: 0,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte that is not whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes().get(self.pos).copied()
    }

    /// Where the next value starts, for errors about the whole value.
    pub fn value_start(&mut self) -> usize {
        self.skip_whitespace();
        self.pos
    }

    fn expected(&mut self, what: &str) -> Error {
        let found = match self.peek() {
            None => "the end of the file".to_owned(),
            Some(b'"') => "a string".to_owned(),
            Some(b'{') => "an object".to_owned(),
            Some(b'[') => "an array".to_owned(),
            Some(b'-' | b'0'..=b'9') => "a number".to_owned(),
            Some(b't' | b'f') => "a boolean".to_owned(),
            Some(b'n') => "null".to_owned(),
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or(' ');
                format!("`{}`", c.escape_default())
            }
        };
        Error::new(self.pos, format!("expected {what}, found {found}"))
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        self.skip_whitespace();
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn enter(&mut self, open: u8, what: &str) -> Result<usize, Error> {
        let at = self.value_start();
        if !self.eat(open) {
            return Err(self.expected(what));
        }
        if self.depth >= MAX_JSON_DEPTH {
            return Err(Error::new(
                at,
                format!("nested more than {MAX_JSON_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        self.fresh = true;
        Ok(at)
    }

    /// After a key or element: `,` then more, or the closing bracket
    /// (`Ok(false)`, consumed).
    fn more(&mut self, close: u8, what: &str) -> Result<bool, Error> {
        if std::mem::take(&mut self.fresh) {
            if self.eat(close) {
                self.depth -= 1;
                return Ok(false);
            }
            return Ok(true);
        }
        if self.eat(close) {
            self.depth -= 1;
            Ok(false)
        } else if self.eat(b',') {
            Ok(true)
        } else {
            Err(self.expected(what))
        }
    }

    /// Consumes `{`; returns where the object starts.
    pub fn begin_object(&mut self) -> Result<usize, Error> {
        self.enter(b'{', "an object")
    }

    /// The next key of the object being read, with its `:` consumed; `None`
    /// at the closing `}`.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, Error> {
        if !self.more(b'}', "`,` or `}`")? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.expected("a key"));
        }
        self.key_at = self.pos;
        let key = self.string()?;
        if !self.eat(b':') {
            return Err(self.expected("`:`"));
        }
        Ok(Some(key))
    }

    /// For derived code: reads the value of the key just read into `slot`.
    pub fn field<T: FromJson>(&mut self, slot: &mut Option<T>, name: &str) -> Result<(), Error> {
        if slot.is_some() {
            return Err(Error::new(self.key_at, format!("duplicate field `{name}`")));
        }
        *slot = Some(T::from_json(self).map_err(|e| e.within(name.to_owned()))?);
        Ok(())
    }

    /// Consumes `[`.
    pub fn begin_array(&mut self) -> Result<(), Error> {
        self.enter(b'[', "an array").map(|_| ())
    }

    /// Whether another element follows (`false` at the closing `]`).
    pub fn next_element(&mut self) -> Result<bool, Error> {
        self.more(b']', "`,` or `]`")
    }

    /// Consumes `null` if it is next.
    pub fn null(&mut self) -> bool {
        self.eat_word("null")
    }

    pub fn boolean(&mut self) -> Result<bool, Error> {
        if self.eat_word("true") {
            Ok(true)
        } else if self.eat_word("false") {
            Ok(false)
        } else {
            Err(self.expected("a boolean"))
        }
    }

    /// A string, borrowed from the text when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        if !self.eat(b'"') {
            return Err(self.expected("a string"));
        }
        let bytes = self.bytes();
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(&byte) = bytes.get(self.pos) else {
                return Err(Error::new(self.pos, "unterminated string"));
            };
            match byte {
                b'"' => {
                    let tail = &self.text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    s.push(self.escape()?);
                    run = self.pos;
                }
                0..=0x1f => {
                    return Err(Error::new(
                        self.pos,
                        "control character in a string (write it as an escape)",
                    ))
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let at = self.pos - 1;
        let byte = self.bytes().get(self.pos).copied();
        self.pos += 1;
        Ok(match byte {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if !self.text[self.pos..].starts_with("\\u") {
                            return Err(Error::new(at, "lone leading surrogate in an escape"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(Error::new(at, "lone leading surrogate in an escape"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(Error::new(at, "lone trailing surrogate in an escape"))
                    }
                    code => code,
                };
                char::from_u32(code).ok_or_else(|| Error::new(at, "invalid escape"))?
            }
            _ => return Err(Error::new(at, "invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes()
            .get(self.pos..self.pos + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| Error::new(self.pos, "expected four hex digits"))?;
        let value = digits.iter().fold(0, |value, &d| {
            value * 16 + char::from(d).to_digit(16).unwrap_or(0)
        });
        self.pos += 4;
        Ok(value)
    }

    /// The text of a number (`-12.5e3`), checked against JSON's grammar.
    pub fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.value_start();
        let bytes = self.bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = start;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        match bytes.get(pos) {
            Some(b'0') => pos += 1,
            Some(b'1'..=b'9') => {
                digits(&mut pos);
            }
            _ if pos > start => return Err(Error::new(pos, "expected a digit")),
            _ => return Err(self.expected("a number")),
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !digits(&mut pos) {
                return Err(Error::new(pos, "expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if !digits(&mut pos) {
                return Err(Error::new(pos, "expected a digit in the exponent"));
            }
        }
        self.pos = pos;
        Ok(&self.text[start..pos])
    }

    /// A whole number in `0..=max`.
    pub fn unsigned(&mut self, max: u64) -> Result<u64, Error> {
        let at = self.value_start();
        let text = self.number()?;
        let whole = !text.starts_with('-') && !text.contains(['.', 'e', 'E']);
        match text.parse::<u64>() {
            Ok(value) if whole && value <= max => Ok(value),
            _ => Err(Error::new(
                at,
                format!("expected a whole number from 0 to {max}, found {text}"),
            )),
        }
    }

    /// Skips one value of any kind, checking it.
    pub fn skip_value(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip_value()?;
                }
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip_value()?;
                }
            }
            Some(b'"') => {
                self.string()?;
            }
            Some(b't' | b'f') => {
                self.boolean()?;
            }
            Some(b'n') if self.null() => {}
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
            }
            _ => return Err(self.expected("a value")),
        }
        Ok(())
    }

    /// Only whitespace may follow the value.
    pub fn finish(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Error::new(self.pos, "trailing characters after the value")),
        }
    }
}

impl FromJson for String {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        p.string().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        p.boolean()
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
                // The range check is done by `unsigned`, so this never fails.
                p.unsigned(<$t>::MAX.into()).map(|v| v as $t)
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64);

impl FromJson for f64 {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        let at = p.value_start();
        let text = p.number()?;
        let value = parse_f64(text);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(Error::new(at, format!("number out of range: {text}")))
        }
    }
}

/// Exact powers of ten as `f64`.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A JSON number (already checked against the grammar) as `f64`.
///
/// Correctly rounded when the number has at most 15 significant digits and
/// a decimal exponent within ±22 (Clinger's fast path: one exact integer
/// and one exact power of ten, so one rounding). Every number press writes
/// is such (scores are rounded to thousandths; the API has no other
/// fractions). Anything else is within a few units in the last place. Why
/// not `str::parse::<f64>`: its correctly-rounded algorithm brings tables
/// that cost the app 13.7 KB brotli, for two fields it does not show.
fn parse_f64(text: &str) -> f64 {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match rest.find(['e', 'E']) {
        Some(i) => {
            let exponent = &rest[i + 1..];
            // Too long for an i64: only its sign matters.
            let huge = if exponent.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            };
            (&rest[..i], exponent.parse::<i64>().unwrap_or(huge))
        }
        None => (rest, 0),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // Up to 19 significant digits fit a u64; later ones only move the scale.
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    let mut scale = exponent.clamp(-100_000, 100_000);
    for (i, d) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let in_fraction = i >= whole.len();
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if mantissa > 0 {
                significant += 1;
            }
            if in_fraction {
                scale -= 1;
            }
        } else if !in_fraction {
            scale += 1;
        }
    }
    let value = if significant <= 15 && (-22..=22).contains(&scale) {
        let m = mantissa as f64;
        let power = POWERS_OF_TEN[scale.unsigned_abs() as usize];
        if scale < 0 {
            m / power
        } else {
            m * power
        }
    } else {
        let mut value = mantissa as f64;
        while scale > 0 {
            let step = scale.min(22);
            value *= POWERS_OF_TEN[step as usize];
            scale -= step;
        }
        while scale < 0 {
            let step = (-scale).min(22);
            value /= POWERS_OF_TEN[step as usize];
            scale += step;
        }
        value
    };
    if negative {
        -value
    } else {
        value
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        if p.null() {
            Ok(None)
        } else {
            T::from_json(p).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        T::from_json(p).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        p.begin_array()?;
        let mut items = Vec::new();
        while p.next_element()? {
            let item = T::from_json(p).map_err(|e| e.within(format!("[{}]", items.len())))?;
            items.push(item);
        }
        Ok(items)
    }
}

/// Later duplicates of a key replace earlier ones, as with serde_json.
impl<V: FromJson> FromJson for BTreeMap<String, V> {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        p.begin_object()?;
        let mut map = BTreeMap::new();
        while let Some(key) = p.next_key()? {
            let value = V::from_json(p).map_err(|e| e.within(format!("{key:?}")))?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests;
