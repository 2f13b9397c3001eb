//! The fast parse: a `serde_json::Value` built by our own visitor, which
//! notices what the stock one hides. A plain `Value` keeps the last of two
//! duplicate keys without a word, and serde_json's recursion guard stops at
//! 128 levels with no room to tell it apart from other errors.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The deepest nesting we parse. Documents nested deeper are reported, not
/// checked: the open `options` object lets a server nest anything, and an
/// unbounded recursive parse would overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// The most values (of any type, containers included) one document may
/// hold. A `serde_json::Value` costs some 30 to 80 bytes per value, so a
/// 100 MB array of small numbers would need gigabytes; real responses hold
/// hundreds. The limit keeps memory bounded whatever a file holds.
pub const MAX_VALUES: usize = 2_000_000;

/// A parsed document.
#[derive(Debug)]
pub struct Parsed {
    /// The value; of duplicate keys, the last one wins, as in most clients.
    pub value: Value,
    /// Whether any object repeated a key.
    pub has_duplicate_keys: bool,
}

/// Why the fast parse failed, with serde_json's own position.
#[derive(Debug)]
pub struct Failure {
    /// 1-based line, as serde_json counts it.
    pub line: usize,
    /// 1-based column in bytes, as serde_json counts it.
    pub column: usize,
    /// serde_json's message without its position.
    pub message: String,
    /// The nesting limit was crossed.
    pub too_deep: bool,
    /// A number was out of range of every numeric type.
    pub out_of_range: bool,
    /// The document holds more than [`MAX_VALUES`] values.
    pub too_many_values: bool,
}

/// Parses `text` into a value.
pub fn parse_value(text: &str) -> Result<Parsed, Failure> {
    let flags = Flags::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // Our own depth counter replaces serde_json's, so the limit and its
    // message are ours.
    deserializer.disable_recursion_limit();
    let result = ValueSeed {
        depth: 0,
        flags: &flags,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match result {
        Ok(value) => Ok(Parsed {
            value,
            has_duplicate_keys: flags.duplicate_key.get(),
        }),
        Err(error) => {
            let full = error.to_string();
            let message = match full.rfind(" at line ") {
                Some(end) => full[..end].to_owned(),
                None => full,
            };
            Err(Failure {
                line: error.line(),
                column: error.column(),
                out_of_range: message.starts_with("number out of range"),
                message,
                too_deep: flags.too_deep.get(),
                too_many_values: flags.too_many_values.get(),
            })
        }
    }
}

#[derive(Default)]
struct Flags {
    duplicate_key: Cell<bool>,
    too_deep: Cell<bool>,
    too_many_values: Cell<bool>,
    values: Cell<usize>,
}

#[derive(Clone, Copy)]
struct ValueSeed<'f> {
    depth: usize,
    flags: &'f Flags,
}

impl ValueSeed<'_> {
    fn nested<E: serde::de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            self.flags.too_deep.set(true);
            return Err(E::custom("nesting too deep"));
        }
        Ok(Self {
            depth: self.depth + 1,
            flags: self.flags,
        })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        let values = self.flags.values.get() + 1;
        if values > MAX_VALUES {
            self.flags.too_many_values.set(true);
            return Err(serde::de::Error::custom("too many values"));
        }
        self.flags.values.set(values);
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        // serde_json's parser never yields a non-finite float; the check
        // keeps that assumption from becoming a silent null.
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let item = self.nested()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(value) = seq.next_element_seed(item)? {
            items.push(value);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let member = self.nested()?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(member)?;
            if members.insert(key, value).is_some() {
                self.flags.duplicate_key.set(true);
            }
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_noticed_and_last_wins() {
        let parsed = parse_value(r#"{"a": 1, "b": {"c": 2, "c": 3}}"#).unwrap();
        assert!(parsed.has_duplicate_keys);
        assert_eq!(parsed.value["b"]["c"], 3);
    }

    #[test]
    fn nesting_at_the_limit_parses_and_beyond_fails() {
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_value(&at_limit).is_ok());
        let beyond = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse_value(&beyond).unwrap_err().too_deep);
    }

    #[test]
    fn more_values_than_the_limit_fail_early() {
        let text = format!("[{}0]", "0,".repeat(MAX_VALUES));
        let failure = parse_value(&text).unwrap_err();
        assert!(failure.too_many_values, "{failure:?}");
        let text = format!("[{}0]", "0,".repeat(MAX_VALUES - 2));
        assert!(parse_value(&text).is_ok());
    }

    #[test]
    fn huge_numbers_fail_as_out_of_range() {
        let failure = parse_value(r#"{"id": 1e400}"#).unwrap_err();
        assert!(failure.out_of_range, "{failure:?}");
    }

    #[test]
    fn trailing_garbage_fails() {
        assert!(parse_value("{} x").is_err());
    }
}
