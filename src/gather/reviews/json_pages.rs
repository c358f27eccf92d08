//! Review pages in JSON read as a stream: one page, an array of pages, or pages written one after the other
//! (as a script saving each API answer appends them). The reviews array of a page (`reviews`,
//! `company_reviews`) is handed over one review at a time as it is parsed, so a file of a million reviews is
//! never held as one tree of values (about nine times the file's size); the rest of each page is small and
//! is handed over whole, after its reviews.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::i18n::Text;
use crate::msg;

/// What a format does with the pages it reads.
pub(super) trait Pages {
    /// One element of the array under `key` of the page being read.
    fn item(&mut self, key: &'static str, item: Value);
    /// A page, after its items: an object without the arrays that were streamed (`streamed` names them), or
    /// any other value found where a page was expected. An error stops the reading.
    fn page(&mut self, page: Value, streamed: &[&'static str]) -> Result<(), Text>;
}

/// Reads every page of `text` (the file `name`) into `pages`, streaming the arrays under `arrays`.
pub(super) fn read(text: &str, name: &str, arrays: &[&'static str], pages: &mut impl Pages) -> Result<(), Text> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let mut reader = Reader { arrays, pages, stopped: None };
    let mut json = serde_json::Deserializer::from_str(text);
    loop {
        let read = Page { reader: &mut reader, top: true }.deserialize(&mut json);
        if let Some(stopped) = reader.stopped.take() {
            return Err(stopped);
        }
        read.map_err(|e| malformed(&e, name))?;
        if json.end().is_ok() {
            return Ok(());
        }
    }
}

fn malformed(e: &serde_json::Error, name: &str) -> Text {
    msg!("in-malformed-json", name = name, line = e.line(), column = e.column(), error = e.to_string())
}

struct Reader<'a, P> {
    arrays: &'a [&'static str],
    pages: &'a mut P,
    /// Why a page stopped the reading (the JSON itself was fine).
    stopped: Option<Text>,
}

impl<P: Pages> Reader<'_, P> {
    fn finish<E: de::Error>(&mut self, page: Value, streamed: &[&'static str]) -> Result<(), E> {
        self.pages.page(page, streamed).map_err(|stopped| {
            self.stopped = Some(stopped);
            E::custom("stopped")
        })
    }
}

/// A page where one is expected; at the top, an array is a list of pages.
struct Page<'r, 'a, P> {
    reader: &'r mut Reader<'a, P>,
    top: bool,
}

impl<'de, P: Pages> DeserializeSeed<'de> for Page<'_, '_, P> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, P: Pages> Visitor<'de> for Page<'_, '_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a page of reviews")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.top {
            while seq.next_element_seed(Page { reader: &mut *self.reader, top: false })?.is_some() {}
            return Ok(());
        }
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        self.reader.finish(Value::Array(items), &[])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut rest = Map::new();
        let mut streamed = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(&array) = self.reader.arrays.iter().find(|a| **a == key) {
                match map.next_value_seed(Items { reader: &mut *self.reader, key: array })? {
                    None => streamed.push(array),
                    Some(value) => {
                        rest.insert(key, value);
                    }
                }
            } else {
                let value = map.next_value::<Value>()?;
                rest.insert(key, value);
            }
        }
        self.reader.finish(Value::Object(rest), &streamed)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.reader.finish(Value::Bool(v), &[])
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.reader.finish(Value::from(v), &[])
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.reader.finish(Value::from(v), &[])
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.reader.finish(Value::from(v), &[])
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.reader.finish(Value::from(v), &[])
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.reader.finish(Value::Null, &[])
    }
}

/// The value under a streamed key: an array's elements go to [`Pages::item`] one by one (`None` is returned);
/// anything else is kept as a value of the page.
struct Items<'r, 'a, P> {
    reader: &'r mut Reader<'a, P>,
    key: &'static str,
}

impl<'de, P: Pages> DeserializeSeed<'de> for Items<'_, '_, P> {
    type Value = Option<Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<Value>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, P: Pages> Visitor<'de> for Items<'_, '_, P> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of reviews")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            self.reader.pages.item(self.key, item);
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Value>, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Value>, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(Some(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Seen {
        items: Vec<(&'static str, Value)>,
        pages: Vec<(Value, Vec<&'static str>)>,
    }

    impl Pages for Seen {
        fn item(&mut self, key: &'static str, item: Value) {
            self.items.push((key, item));
        }

        fn page(&mut self, page: Value, streamed: &[&'static str]) -> Result<(), Text> {
            if page.get("stop").is_some() {
                return Err(Text::from("stopped here".to_string()));
            }
            self.pages.push((page, streamed.to_vec()));
            Ok(())
        }
    }

    fn seen(text: &str) -> Result<Seen, Text> {
        let mut seen = Seen::default();
        read(text, "f.json", &["reviews"], &mut seen).map(|()| seen)
    }

    #[test]
    fn pages_alone_in_a_list_or_one_after_another_give_their_reviews_in_order() {
        let one = r#"{"meta": {"n": 2}, "reviews": [{"id": 1}, {"id": 2}]}"#;
        let read = seen(one).unwrap();
        assert_eq!(read.items, [("reviews", serde_json::json!({"id": 1})), ("reviews", serde_json::json!({"id": 2}))]);
        assert_eq!(read.pages, [(serde_json::json!({"meta": {"n": 2}}), vec!["reviews"])]);
        for text in [format!("[{one}, {one}]"), format!("{one}\n{one}\n"), format!("{one}{one}")] {
            let read = seen(&text).unwrap();
            assert_eq!((read.items.len(), read.pages.len()), (4, 2), "{text}");
        }
        // A `reviews` that is no list stays in the page; an element of a top list may be anything.
        let read = seen(r#"[{"reviews": {"general_rating": 4.5}}, 7, [1]]"#).unwrap();
        assert!(read.items.is_empty());
        let pages: Vec<&Value> = read.pages.iter().map(|p| &p.0).collect();
        assert_eq!(
            pages,
            [&serde_json::json!({"reviews": {"general_rating": 4.5}}), &serde_json::json!(7), &serde_json::json!([1])]
        );
        assert!(seen("  \n").unwrap().pages.is_empty());
    }

    #[test]
    fn malformed_json_is_placed_and_a_page_can_stop_the_reading() {
        let error = seen("{\"reviews\": [{\"id\": 1},\n {\"id\": }]}").err().unwrap();
        let shown = crate::i18n::Locale::En.tr().render(&error);
        assert!(shown.contains("f.json") && shown.contains("line 2"), "{shown}");
        let error = seen(r#"{"reviews": []} {"stop": 1} {"reviews": [{"id": 9}]}"#).err().unwrap();
        assert_eq!(crate::i18n::Locale::En.tr().render(&error), "stopped here");
    }
}
