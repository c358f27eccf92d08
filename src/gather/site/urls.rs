//! URL handling for the crawler: resolving, normalising, scope (host and its www twin) and matching.

use url::Url;

/// Resolves `href` against `base`; only http(s) targets are kept, normalised and without fragment.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut url = base.join(href).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    normalise(&mut url);
    Some(url)
}

/// Drops the fragment and an empty query; the url crate already lower-cases the host, removes default ports,
/// resolves dot segments and percent-encodes what must be.
pub(crate) fn normalise(url: &mut Url) {
    url.set_fragment(None);
    if url.query() == Some("") {
        url.set_query(None);
    }
}

/// What makes a site one site: the host without a leading `www.` (so a host and its www twin compare equal)
/// and, on an explicit port, that port and the scheme. On the default ports, `http://x/` and `https://x/`
/// are one site, so the usual upgrade redirect stays inside it; `http://x:8080/` is another site than
/// `http://x/` or `https://x:8080/`, as a browser's origin would have it.
pub(crate) fn site_key(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    Some(match url.port() {
        None => host.to_string(),
        Some(port) => format!("{host}:{port}/{}", url.scheme()),
    })
}

/// True when `url` is on the site whose key is `site` (see [`site_key`]).
pub(crate) fn in_scope(url: &Url, site: &str) -> bool {
    site_key(url).as_deref() == Some(site)
}

/// True when the URL's host is `domain` or one of its subdomains.
pub(crate) fn host_matches(url: &Url, domain: &str) -> bool {
    url.host_str().is_some_and(|h| host_is(h, domain))
}

/// True when `host` is `domain` or one of its subdomains (no allocation: it runs for every link of a page).
fn host_is(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

/// For a lower-cased href: one of `patterns` is a scheme (`viber://`, `skype:`) it starts with, or a domain it
/// links to.
/// The href is parsed once, whatever the number of patterns (it runs for every link of a page).
pub(crate) fn host_or_scheme_matches(lower_href: &str, patterns: &[String]) -> bool {
    let mut parsed: Option<Option<Url>> = None;
    // An href without a scheme (no `:`) is relative and has no host of its own: not parsed at all.
    let absolute = lower_href.contains(':');
    patterns.iter().any(|pattern| {
        if pattern.ends_with(':') || pattern.ends_with("://") {
            return lower_href.starts_with(pattern.as_str());
        }
        absolute
            && parsed
                .get_or_insert_with(|| Url::parse(lower_href).ok())
                .as_ref()
                .is_some_and(|u| host_matches(u, pattern))
    })
}

/// Whether an href without a scheme ("wa.me/79991234567", "www.instagram.com/shop") names one of the hosts
/// of `patterns`: what its author meant as a link to that service, which a browser reads as a path.
pub(crate) fn schemeless_host_matches(lower_href: &str, patterns: &[String]) -> bool {
    if lower_href.contains("://") || lower_href.starts_with(['/', '.', '#', '?']) || lower_href.contains(':') {
        return false;
    }
    let host = lower_href.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.') && patterns.iter().filter(|p| !p.ends_with(':') && !p.ends_with("://")).any(|p| host_is(host, p))
}

pub(crate) fn without_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.to_string()
}

/// The path with percent-escapes decoded, for matching keywords such as `/доставка`.
pub(crate) fn decoded_path(url: &Url) -> String {
    let path = url.path();
    if !path.contains('%') {
        return path.replace(['-', '_', '/'], " ");
    }
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && i + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&path[i + 1..i + 3], 16)
        {
            bytes.push(byte);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).replace(['-', '_', '/'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_and_normalises() {
        let base = Url::parse("http://Example.COM:80/a/b.html").unwrap();
        assert_eq!(resolve(&base, "../c.html#x").unwrap().as_str(), "http://example.com/c.html");
        assert_eq!(resolve(&base, "?").unwrap().as_str(), "http://example.com/a/b.html");
        assert_eq!(resolve(&base, "/d e").unwrap().as_str(), "http://example.com/d%20e");
        assert!(resolve(&base, "mailto:x@y").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "#top").is_none());
    }

    #[test]
    fn www_twins_share_a_scope() {
        let site = site_key(&Url::parse("https://www.shop.example/").unwrap()).unwrap();
        assert!(in_scope(&Url::parse("http://shop.example/x").unwrap(), &site));
        assert!(!in_scope(&Url::parse("https://blog.shop.example/x").unwrap(), &site));
    }

    #[test]
    fn another_port_or_scheme_on_an_explicit_port_is_another_site() {
        let site = site_key(&Url::parse("http://127.0.0.1:8080/").unwrap()).unwrap();
        assert!(in_scope(&Url::parse("http://127.0.0.1:8080/a").unwrap(), &site));
        assert!(!in_scope(&Url::parse("http://127.0.0.1:8081/a").unwrap(), &site));
        assert!(!in_scope(&Url::parse("https://127.0.0.1:8080/a").unwrap(), &site));
        assert!(!in_scope(&Url::parse("http://127.0.0.1/a").unwrap(), &site));
        let default = site_key(&Url::parse("http://shop.example/").unwrap()).unwrap();
        assert!(in_scope(&Url::parse("https://www.shop.example/").unwrap(), &default), "the https upgrade");
        assert!(in_scope(&Url::parse("http://shop.example:80/").unwrap(), &default), "80 is the default");
        assert!(!in_scope(&Url::parse("http://shop.example:8080/").unwrap(), &default));
    }

    #[test]
    fn matches_hosts_and_schemes() {
        assert!(host_matches(&Url::parse("https://m.facebook.com/p").unwrap(), "facebook.com"));
        assert!(!host_matches(&Url::parse("https://notfacebook.com/p").unwrap(), "facebook.com"));
        let patterns = ["viber://".to_string(), "t.me".to_string()];
        assert!(host_or_scheme_matches("viber://chat?number=1", &patterns));
        assert!(host_or_scheme_matches("https://t.me/shop", &patterns));
        assert!(!host_or_scheme_matches("https://example.com/t.me", &patterns));
        assert!(!host_or_scheme_matches("https://t.me/shop", &patterns[..1]));
    }

    #[test]
    fn decodes_cyrillic_paths() {
        let url = Url::parse("https://a.example/dostavka/доставка-и-оплата").unwrap();
        assert_eq!(decoded_path(&url), " dostavka доставка и оплата");
    }
}
