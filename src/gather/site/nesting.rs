//! A bound on how deeply a page's elements nest before it is parsed. The HTML tree builder (html5ever, as
//! the HTML standard specifies it) looks through the stack of open elements for most tags, so a page of
//! 100,000 nested `<div>`s takes it minutes: a competitor's page or a review platform's could stall the
//! audit. Browsers bound the depth too (Chromium at 512 levels). Here a linear scan of the tags finds where
//! the nesting first goes past [`MAX_NESTING_DEPTH`], and only the page up to that point is parsed: its head,
//! links and text before the deep part are read as usual, and the page says that it was cut.
//!
//! The scan is not a parser: it counts start and end tags of elements that must be closed, skipping
//! comments, raw text (`<script>`, `<style>`, `<textarea>`, `<title>`) and elements whose end tag may be left
//! out (`<p>`, `<li>`, `<td>` …), which sloppy pages leave open by the thousand without nesting anything.

/// The deepest nesting of elements read; the page is cut where it goes deeper.
pub(crate) const MAX_NESTING_DEPTH: usize = 512;

/// Elements that have no end tag, or whose end tag may be omitted: never counted as a level.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    "keygen", "basefont", "bgsound", "frame", "image", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th",
    "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "rtc", "colgroup", "caption", "menuitem",
];

/// Elements whose content is raw text up to their own end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// `html` as far as its nesting stays within [`MAX_NESTING_DEPTH`], and whether it was cut.
pub(crate) fn bounded(html: &str) -> (&str, bool) {
    let bytes = html.as_bytes();
    // Each level opens with a `<`: a page with no more of them than the bound cannot go past it (most pages).
    if bytes.iter().filter(|b| **b == b'<').count() <= MAX_NESTING_DEPTH {
        return (html, false);
    }
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            at = html[start + 4..].find("-->").map_or(html.len(), |end| start + 4 + end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // Not a tag: "<" in text, "<!doctype", "<?xml".
            at = start + 1;
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let Some(end) = tag_end(bytes, name_start + name_len) else { return (html, false) };
        at = end;
        if UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if bytes[end - 2] == b'/' {
            // `<svg/>`, `<path … />`: closed where it opens.
            continue;
        }
        if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            at = raw_text_end(html, end, name);
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING_DEPTH {
            return (&html[..start], true);
        }
    }
    (html, false)
}

/// Where the tag whose name ends at `from` ends (after its `>`), quoted attribute values skipped.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), b) if *b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Where the raw text of a `<name>` element that opened before `from` ends: after its end tag, whatever
/// the letters' case.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let closing = format!("</{name}");
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        if html.get(start..start + closing.len()).is_some_and(|t| t.eq_ignore_ascii_case(&closing)) {
            return html[start..].find('>').map_or(html.len(), |end| start + end + 1);
        }
        at = start + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_page_is_read_whole() {
        let page = "<!doctype html><html><head><title>a < b</title><script>if (a<b) { x = '<div>'; }</script>\
                    <style>p>span{}</style></head><body><!-- <div><div> --><div class=\"x>y\"><p>one<p>two<ul><li>a\
                    <li>b</ul><img src=x><br/><svg><path d='M0'/></svg><textarea><div></textarea></div></body></html>";
        assert_eq!(bounded(page), (page, false));
        // Thousands of paragraphs and items left open nest nothing.
        let sloppy = format!("<div>{}</div>", "<p>text<li>item<td>cell".repeat(5_000));
        assert!(!bounded(&sloppy).1);
        // Deep but within the bound.
        let deep = format!("{}x{}", "<div>".repeat(MAX_NESTING_DEPTH), "</div>".repeat(MAX_NESTING_DEPTH));
        assert_eq!(bounded(&deep), (deep.as_str(), false));
    }

    #[test]
    fn a_page_nested_past_the_bound_is_cut_where_it_goes_past() {
        let head = "<html><head><title>Deep</title></head><body><a href=\"/x\">";
        let page = format!("{head}{}deep{}</a></body></html>", "<span>".repeat(100_000), "</span>".repeat(100_000));
        let (kept, cut) = bounded(&page);
        assert!(cut);
        assert_eq!(kept.len(), head.len() + "<span>".len() * (MAX_NESTING_DEPTH - 1));
        // Raw text ended by its own end tag only, in any case; a tag left unfinished ends the scan.
        assert!(!bounded("<script>'</div>'</SCRIPT ><div>").1);
        assert!(!bounded("<div title='>").1);
    }
}
