//! An object's entries as the binding builds and keeps them (its fixed
//! answers, fallbacks, option maps and the form it reads): sorted by name,
//! one per name, as `Json::Obj` holds them and as serde_json's map kept them,
//! so the form the binding gives is written and read in the same order.
//! The binding's mapping and list positions are kept the same way (`Map<V>`):
//! one sorted list rather than a `BTreeMap` for each value type.

use super::Json;
use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Debug, Clone, PartialEq)]
pub struct Map<V = Json>(Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Map<V> {
        Map(Vec::new())
    }
}

impl Map {
    /// An object's entries, as `Json::Obj` holds them (sorted, one per name).
    pub fn from_entries(entries: &[(String, Json)]) -> Map {
        Map(entries.to_vec())
    }
    pub fn into_json(self) -> Json {
        Json::Obj(self.0)
    }
}

impl<V> Map<V> {
    pub fn new() -> Map<V> {
        Map(Vec::new())
    }
    pub fn get(&self, key: &str) -> Option<&V> {
        entry(&self.0, key).ok().map(|i| &self.0[i].1)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        entry(&self.0, key).ok().map(|i| &mut self.0[i].1)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        entry(&self.0, key).is_ok()
    }
    /// Set `key`, replacing what it held.
    pub fn insert(&mut self, key: String, value: V) {
        insert(&mut self.0, key, value);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

fn entry<V>(entries: &[(String, V)], key: &str) -> Result<usize, usize> {
    entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
}

fn insert<V>(entries: &mut Vec<(String, V)>, key: String, value: V) {
    match entry(entries, &key) {
        Ok(i) => entries[i].1 = value,
        Err(i) => entries.insert(i, (key, value)),
    }
}

/// `null`, as serde_json's value defaults.
impl Default for Json {
    fn default() -> Json {
        Json::Null
    }
}

impl Json {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn is_boolean(&self) -> bool {
        matches!(self, Json::Bool(_))
    }
    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
    /// The entry named `key` of an object, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        let Json::Obj(entries) = self else { return None };
        entry(entries, key).ok().map(|i| &mut entries[i].1)
    }
    /// Set the entry `key` of an object (nothing when this is not an object).
    pub fn insert(&mut self, key: String, value: Json) {
        if let Json::Obj(entries) = self {
            insert(entries, key, value);
        }
    }
    /// A list of text.
    pub fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Json {
        Json::Arr(items.into_iter().map(|s| Json::Str(s.into())).collect())
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}
