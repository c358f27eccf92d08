//! Turning a page's bytes into text: charset from the Content-Type header, a BOM, a `<meta>` tag, or detection.

use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};

/// Where the charset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharsetSource {
    Header,
    Bom,
    Meta,
    Detected,
}

#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub charset: &'static str,
    pub source: CharsetSource,
    /// Bytes that were not valid in the charset were replaced with U+FFFD.
    pub had_errors: bool,
}

/// How far into the body a `<meta charset>` is looked for, as browsers do.
const META_PRESCAN_BYTES: usize = 1024;

pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source) = if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        (encoding, CharsetSource::Bom)
    } else if let Some(encoding) = content_type.and_then(charset_param).and_then(label) {
        (encoding, CharsetSource::Header)
    } else if let Some(encoding) = meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]) {
        (encoding, CharsetSource::Meta)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, chardetng::Utf8Detection::Allow), CharsetSource::Detected)
    };
    // decode() sniffs the BOM itself and strips it.
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded { text: text.into_owned(), charset: used.name(), source, had_errors }
}

fn label(name: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(name.trim().trim_matches(['"', '\'']).as_bytes())?;
    // A page cannot really be UTF-16 once it declares it in ASCII: browsers read it as UTF-8.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(encoding)
}

fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then_some(value)
    })
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">` in the prescan.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
        let tag = &rest[start..tag_end];
        if let Some(at) = tag.find("charset=") {
            let value = tag[at + 8..].trim_start_matches(['"', '\'', ' ']);
            let end = value.find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/');
            if let Some(encoding) = label(&value[..end.unwrap_or(value.len())]) {
                return Some(encoding);
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_wins_over_meta() {
        let html = b"<meta charset=\"windows-1251\"><p>ok</p>";
        let d = decode(html, Some("text/html; charset=UTF-8"));
        assert_eq!((d.charset, d.source), ("UTF-8", CharsetSource::Header));
    }

    #[test]
    fn meta_charset_decodes_windows_1251() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<meta charset=\"windows-1251\"><p>Часы работы</p>");
        let d = decode(&bytes, Some("text/html"));
        assert_eq!((d.charset, d.source), ("windows-1251", CharsetSource::Meta));
        assert!(d.text.contains("Часы работы"));
    }

    #[test]
    fn undeclared_cyrillic_is_detected() {
        let text = "<p>Мы работаем с 2010 года. Запись по телефону, часы работы с девяти до шести вечера.</p>";
        for encoding in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let (bytes, _, _) = encoding.encode(text);
            let d = decode(&bytes, None);
            assert_eq!(d.source, CharsetSource::Detected);
            assert!(d.text.contains("часы работы"), "{}: {}", encoding.name(), d.text);
        }
    }

    #[test]
    fn bom_and_invalid_utf8() {
        let d = decode("\u{feff}<p>hi</p>".as_bytes(), Some("text/html; charset=windows-1252"));
        assert_eq!((d.charset, d.source, d.text.as_str()), ("UTF-8", CharsetSource::Bom, "<p>hi</p>"));
        let d = decode(b"<p>bad \xff\xfe bytes</p>", Some("text/html; charset=utf-8"));
        assert!(d.had_errors);
        assert!(d.text.contains('\u{fffd}'));
    }
}
