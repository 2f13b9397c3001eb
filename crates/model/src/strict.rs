//! The typed model's verdict on a JSON value, as typed clients reach it.
//!
//! serde's derive reads more shapes than JSON clients do: a struct also
//! from an array of its fields in declaration order, and a unit variant
//! also from a one-member object such as `{"simple": null}`. The schema
//! refuses both, and clients in other languages do not read them either,
//! so the model's verdict is taken through [`Strict`], which offers a
//! struct only an object and an enum only a string. Everything else reads
//! exactly as from a `serde_json::Value`.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::{Error, Value};

/// A JSON value read the way JSON clients read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Strict<'a>(pub &'a Value);

/// Hints for values without members go to the `Value` itself, which reads
/// them exactly as `serde_json` does.
macro_rules! delegate {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    delegate! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            Value::Object(members) => visitor.visit_map(Members {
                members: members.iter(),
                value: None,
            }),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(_) => self.deserialize_any(visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(_) => self.0.deserialize_enum(name, variants, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Strict(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Members<'a> {
    members: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(de::Error::custom(
                "a member value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (None, Some(i), _) => Unexpected::Signed(i),
            (None, None, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::json;

    use super::*;
    use crate::{AuthenticationType, IntegrationDetails, MechanicIntegrationsResponse};

    fn strict<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
        T::deserialize(Strict(&value))
    }

    #[test]
    fn a_struct_is_read_only_from_an_object() {
        let fields = json!([[], "simple", {"supportsCustomerLookup": true,
            "supportsOpenJob": true}, "n", []]);
        assert!(serde_json::from_value::<IntegrationDetails>(fields.clone()).is_ok());
        let error = strict::<IntegrationDetails>(fields).unwrap_err();
        assert!(
            error.to_string().contains("invalid type: sequence"),
            "{error}"
        );
    }

    #[test]
    fn an_enum_is_read_only_from_a_string() {
        let map_form = json!({"simple": null});
        assert!(serde_json::from_value::<AuthenticationType>(map_form.clone()).is_ok());
        assert!(strict::<AuthenticationType>(map_form).is_err());
        assert_eq!(
            strict::<AuthenticationType>(json!("oauth2")).unwrap(),
            AuthenticationType::OAuth2
        );
    }

    #[test]
    fn everything_else_reads_as_from_a_value() {
        let body = json!({"mechanicIntegrations": [{
            "configuration": {"credentials": {"password": "FAKE-pw-1"}, "id": -4,
                "options": {"a": [1, 2.5, null, {"b": "c"}]}},
            "integrationDetails": {"authenticationFields": ["password"],
                "authenticationType": "oauth2",
                "features": {"supportsCustomerLookup": false, "supportsOpenJob": true,
                    "supportsX": true},
                "name": "X", "optionFields": ["a"], "extra": 1}}],
            "page": 1});
        let strict: MechanicIntegrationsResponse = strict(body.clone()).unwrap();
        let plain: MechanicIntegrationsResponse = serde_json::from_value(body).unwrap();
        assert_eq!(strict, plain);
    }

    #[test]
    fn null_is_not_an_empty_object_or_array() {
        assert!(strict::<serde_json::Map<String, Value>>(Value::Null).is_err());
        assert!(strict::<Vec<String>>(Value::Null).is_err());
        assert!(strict::<Vec<String>>(json!({})).is_err());
    }

    #[test]
    fn numbers_are_refused_as_by_a_value() {
        for text in ["3.0", "-0", "9223372036854775808", "1e2"] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(strict::<i64>(value).is_err(), "{text}");
        }
        assert_eq!(
            strict::<i64>(json!(-9223372036854775808_i64)).unwrap(),
            i64::MIN
        );
    }
}
