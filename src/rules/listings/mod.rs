//! Listings and NAP consistency: the business's name, address, phone and website as every source states
//! them (the auditor's `[business]`, the site's structured data, each listing export), normalised and
//! compared field by field. A customer who finds a wrong phone or address stops trusting the business.

use phonenumber::country::Id as Country;
use serde::{Deserialize, Serialize};

use crate::gather::Nap;
use crate::i18n::Text;
use crate::msg;

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_listings.rs"));

pub(crate) use profile::{Bars, cards, duplicates, held_text};
pub(crate) use profile::{Duplicate, FieldStatus, ProfileCard};

/// The fields compared, with their weights: a wrong phone or address sends a customer to the wrong place.
const FIELDS: [(Field, f64); 5] =
    [(Field::Phone, 3.0), (Field::Address, 3.0), (Field::Name, 1.0), (Field::Website, 1.0), (Field::Hours, 1.0)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Address,
    Phone,
    Website,
    Hours,
}

impl Field {
    fn of(self, nap: &Nap) -> Option<&str> {
        match self {
            Field::Name => nap.name.as_deref(),
            Field::Address => nap.address.as_deref(),
            Field::Phone => nap.phone.as_deref(),
            Field::Website => nap.website.as_deref(),
            Field::Hours => nap.hours.as_deref(),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Address => "address",
            Field::Phone => "phone",
            Field::Website => "website",
            Field::Hours => "hours",
        }
    }

    fn from_key(key: &str) -> Option<Field> {
        FIELDS.iter().map(|(f, _)| *f).find(|f| f.key() == key)
    }

    fn label(self) -> Text {
        match self {
            Field::Name => msg!("nap-name"),
            Field::Address => msg!("nap-address"),
            Field::Phone => msg!("nap-phone"),
            Field::Website => msg!("nap-website"),
            Field::Hours => msg!("nap-hours"),
        }
    }
}

/// Address words and their abbreviations, compared as one (English and Russian).
const ADDRESS_WORDS: &[(&str, &str)] = &[
    ("ул", "улица"),
    ("д", "дом"),
    ("пр", "проспект"),
    ("пр-т", "проспект"),
    ("просп", "проспект"),
    ("пер", "переулок"),
    ("ш", "шоссе"),
    ("пл", "площадь"),
    ("б-р", "бульвар"),
    ("наб", "набережная"),
    ("г", "город"),
    ("корп", "корпус"),
    ("стр", "строение"),
    ("оф", "офис"),
    ("st", "street"),
    ("ave", "avenue"),
    ("av", "avenue"),
    ("rd", "road"),
    ("blvd", "boulevard"),
    ("dr", "drive"),
    ("ln", "lane"),
    ("ste", "suite"),
    ("fl", "floor"),
];

/// Address words left out of the comparison: they say what the next word is, which the next word shows.
const FILLER_WORDS: &[&str] = &["дом", "город"];

/// An address's words in order: lower case, punctuation dropped, abbreviations written out.
fn written_out(address: &str) -> Vec<String> {
    address
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| ADDRESS_WORDS.iter().find(|(short, _)| *short == w).map_or(w, |(_, long)| long).to_string())
        .collect()
}

/// An address as a set of words: written out, without the words that only announce what follows ("дом 5" is
/// "5", "город Москва" is "Москва").
fn address_words(address: &str) -> Vec<String> {
    let mut words: Vec<String> =
        written_out(address).into_iter().filter(|w| !FILLER_WORDS.contains(&w.as_str())).collect();
    words.sort();
    words.dedup();
    words
}

/// Two addresses are the same when one's words are all in the other (a listing often adds the city, the
/// postcode or the country to what the site says), or when both name the same street with the same house
/// number (a site's "Москва, Тверская 7, вход со двора" is the listing's "Тверская ул., 7, Москва").
fn same_address(a: &str, b: &str) -> bool {
    let (wa, wb) = (address_words(a), address_words(b));
    let (short, long) = if wa.len() <= wb.len() { (&wa, &wb) } else { (&wb, &wa) };
    if !short.is_empty() && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    let shares = |pairs: Vec<(String, String)>, words: &[String]| {
        pairs.iter().any(|(street, number)| words.contains(street) && words.contains(number))
    };
    shares(street_numbers(a), &wb) || shares(street_numbers(b), &wa)
}

/// Each house number of an address with the street name next to it: the nearest word before it that is
/// neither a street type nor a filler ("ул. Ленина, д. 5": Ленина, 5), else the one after it ("12 Baker
/// Street": Baker, 12).
fn street_numbers(address: &str) -> Vec<(String, String)> {
    let words = written_out(address);
    let is_name = |w: &str| {
        w.chars().next().is_some_and(char::is_alphabetic)
            && w.chars().count() >= 3
            && !FILLER_WORDS.contains(&w)
            && !ADDRESS_WORDS.iter().any(|(_, long)| *long == w)
    };
    let mut pairs = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !w.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let before = words[i.saturating_sub(2)..i].iter().rev().find(|w| is_name(w));
        let after = words.get(i + 1..(i + 3).min(words.len())).and_then(|ws| ws.iter().find(|w| is_name(w)));
        if let Some(street) = before.or(after) {
            pairs.push((street.clone(), w.clone()));
        }
    }
    pairs
}

/// A phone as E.164 (+74951234567), read with `region` for numbers written without a country code.
fn e164(phone: &str, region: Country) -> Option<String> {
    let number = phonenumber::parse(Some(region), phone).ok()?;
    Some(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// The region to read local phone numbers in: the country of the first number written with a `+` code,
/// else the one the site's domain names (.ru, .рф, .by, .kz, .uk …), else the United States (never the
/// report's language: a result must not depend on the language it is read in).
fn region_of<'a>(phones: impl Iterator<Item = &'a str>, site: Option<&str>) -> Country {
    phones
        .filter(|p| p.trim_start().starts_with('+'))
        .find_map(|p| phonenumber::parse(None, p).ok()?.country().id())
        .unwrap_or_else(|| {
            let host = site.map(host).unwrap_or_default();
            let tld = host.rsplit('.').next().unwrap_or("");
            match tld {
                "ru" | "xn--p1ai" | "su" => Country::RU,
                "by" => Country::BY,
                "kz" => Country::KZ,
                "ua" => Country::UA,
                "uk" => Country::GB,
                "de" => Country::DE,
                "fr" => Country::FR,
                "ca" => Country::CA,
                "au" => Country::AU,
                _ => Country::US,
            }
        })
}

/// Whether the business's customers speak Russian, as the phones of its listings and `[business]` and its
/// site's domain tell (Russia, Belarus, Kazakhstan).
pub(crate) fn russian_speaking_market(evidence: &crate::gather::Evidence) -> bool {
    let listed = evidence.reviews.collected().into_iter().flat_map(|r| &r.sources).filter_map(|s| s.listing.as_ref());
    let phones = listed.filter_map(|l| l.phone.as_deref()).chain(evidence.business.phone.as_deref());
    matches!(region_of(phones, evidence.business.website.as_deref()), Country::RU | Country::BY | Country::KZ)
}

/// Letters and digits only, lower case: names compared without case, spacing or punctuation.
fn folded(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn host(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

fn same(field: Field, a: &str, b: &str, region: Country) -> bool {
    match field {
        Field::Phone => match (e164(a, region), e164(b, region)) {
            (Some(a), Some(b)) => a == b,
            _ => folded(a) == folded(b),
        },
        Field::Address => same_address(a, b),
        Field::Name => {
            let (a, b) = (folded(a), folded(b));
            !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
        }
        Field::Website => host(a) == host(b),
        // Both are weekly intervals printed one way (`WeeklyHours`), so equal texts are equal hours.
        Field::Hours => a == b,
    }
}

/// How one listing states one field against the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NapStatus {
    Matches,
    Differs,
    /// The listing does not state it, though the reference does.
    Missing,
    /// Nothing to compare it with: no reference value for the field.
    Unchecked,
}

/// One cell of the NAP table: a listing's value for a field, and how it compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NapCell {
    /// `name`, `address`, `phone` or `website`.
    pub field: String,
    pub status: NapStatus,
    pub value: Option<String>,
}

/// One listing's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NapRow {
    /// "Google (places.json)".
    pub source: String,
    pub cells: Vec<NapCell>,
}

/// The reference a field is compared with, and where it comes from (`audit` for `[business]`, `site` for
/// the site's structured data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NapReference {
    pub field: String,
    pub value: String,
    pub from: String,
}

/// Every listing × field, as the report's NAP table shows it and `listings.nap` scores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NapTable {
    pub reference: Vec<NapReference>,
    pub rows: Vec<NapRow>,
}

impl NapTable {
    /// The weighted share of compared fields that match, and whether a phone or an address differs.
    fn score(&self) -> Option<(f64, bool)> {
        let (mut matched, mut compared, mut critical) = (0.0, 0.0, false);
        for cell in self.rows.iter().flat_map(|r| &r.cells) {
            let weight = FIELDS.iter().find(|(f, _)| f.key() == cell.field).map_or(1.0, |(_, w)| *w);
            match cell.status {
                NapStatus::Matches => {
                    matched += weight;
                    compared += weight;
                }
                NapStatus::Differs => {
                    compared += weight;
                    critical |= matches!(cell.field.as_str(), "phone" | "address");
                }
                NapStatus::Missing | NapStatus::Unchecked => {}
            }
        }
        (compared > 0.0).then(|| (matched / compared, critical))
    }

    fn reference(&self, field: &str) -> Option<&NapReference> {
        self.reference.iter().find(|r| r.field == field)
    }
}

/// Two statements of one listing agree when no field has two different values.
fn agree(a: &Nap, b: &Nap) -> bool {
    FIELDS.iter().all(|(f, _)| match (f.of(a), f.of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    })
}

/// Every field either states.
fn union(a: &Nap, b: &Nap) -> Nap {
    let pick = |x: &Option<String>, y: &Option<String>| x.clone().or_else(|| y.clone());
    Nap {
        name: pick(&a.name, &b.name),
        address: pick(&a.address, &b.address),
        phone: pick(&a.phone, &b.phone),
        website: pick(&a.website, &b.website),
        hours: pick(&a.hours, &b.hours),
    }
}

/// The listings' details against the reference (the auditor's `[business]`, else the site's structured
/// data), normalised; `None` without a listing.
pub(crate) fn nap_table(evidence: &crate::gather::Evidence) -> Option<NapTable> {
    let reviews = evidence.reviews.collected()?;
    let with_listing: Vec<_> = reviews.sources.iter().filter(|s| s.listing.is_some()).collect();
    // One platform's listing read from two exports that agree (each field the same, or stated by one of
    // them only: a review export repeats fewer of the place's fields) is one listing, with every field either
    // states. A listing is named by its platform; by its files too only when the platform's exports disagree.
    let mut distinct: Vec<(&str, Nap, Vec<&str>)> = Vec::new();
    for s in &with_listing {
        let Some(listing) = s.listing.as_ref() else { continue };
        // Two listings of one platform with different ids are two listings (duplicates), however alike.
        let id = |s: &crate::gather::reviews::SourceReport| s.profile.as_ref().and_then(|p| p.id.clone());
        let other_id =
            |files: &[&str]| with_listing.iter().filter(|o| files.contains(&o.location.as_str())).find_map(|o| id(o));
        match distinct.iter_mut().find(|(p, n, files)| {
            *p == s.platform && agree(n, listing) && !matches!((id(s), other_id(files)), (Some(a), Some(b)) if a != b)
        }) {
            Some((_, merged, files)) => {
                files.push(&s.location);
                *merged = union(merged, listing);
            }
            None => distinct.push((&s.platform, listing.clone(), vec![&s.location])),
        }
    }
    let listings: Vec<(String, &Nap)> = distinct
        .iter()
        .map(|(platform, listing, files)| {
            let shared = distinct.iter().filter(|(p, _, _)| p == platform).count() > 1;
            let label = if shared { format!("{platform} ({})", files.join(", ")) } else { (*platform).to_string() };
            (label, listing)
        })
        .collect();
    if listings.is_empty() {
        return None;
    }
    // Without markup, the address the site's visitors read (its first page that writes one out).
    let site_address = evidence.site.collected().and_then(|site| {
        site.html_pages().find_map(|(_, h)| h.address.as_ref().filter(|a| a.by != "structured").map(|a| a.text.clone()))
    });
    let site_nap: Option<Nap> = evidence
        .site
        .collected()
        .and_then(|site| site.html_pages().flat_map(|(_, h)| h.structured.iter()).find_map(|item| item.nap.clone()));
    // Without markup, the phone the site's visitors see: its most common `tel:` link.
    let site_tel = evidence.site.collected().and_then(|site| {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (_, h) in site.html_pages() {
            for tel in &h.tel {
                *counts.entry(tel.as_str()).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(tel, _)| tel.to_string())
    });
    let business = &evidence.business;
    let reference: Vec<NapReference> = FIELDS
        .iter()
        .filter_map(|(field, _)| {
            // The name is always in [business]; the other fields only when the auditor gives them, else the
            // site's markup, else (the phone) the site's visible tel: links.
            let from_site = site_nap.as_ref().and_then(|n| field.of(n));
            let from_tel = match field {
                Field::Phone => site_tel.as_deref(),
                Field::Address => site_address.as_deref(),
                _ => None,
            };
            let (value, from) = match field.of(business) {
                Some(value) => (value, "audit"),
                None => (from_site.or(from_tel)?, "site"),
            };
            Some(NapReference { field: field.key().to_string(), value: value.to_string(), from: from.to_string() })
        })
        .collect();
    let phones = listings
        .iter()
        .filter_map(|(_, n)| n.phone.as_deref())
        .chain(business.phone.as_deref())
        .chain(site_nap.as_ref().and_then(|n| n.phone.as_deref()));
    let region = region_of(phones, business.website.as_deref());
    let rows = listings
        .iter()
        .map(|(source, listing)| NapRow {
            source: source.clone(),
            cells: FIELDS
                .iter()
                .map(|(field, _)| {
                    let value = field.of(listing);
                    let expected = reference.iter().find(|r| r.field == field.key());
                    let status = match (value, expected) {
                        (_, None) => NapStatus::Unchecked,
                        (None, Some(_)) => NapStatus::Missing,
                        (Some(v), Some(r)) if same(*field, v, &r.value, region) => NapStatus::Matches,
                        (Some(_), Some(_)) => NapStatus::Differs,
                    };
                    NapCell { field: field.key().to_string(), status, value: value.map(str::to_string) }
                })
                .collect(),
        })
        .collect();
    Some(NapTable { reference, rows })
}

/// A chain's location pages: for each `[[location]]`, the page of the chain's site that is about it (a store
/// locator's entry, one page per branch), found by the location's phone (a `tel:` link or the page's
/// structured data), its address (the address the page shows) or its name in the page's title or main
/// heading, and whether that page shows the location's address, phone and hours as audit.toml gives them.
pub(crate) mod location_pages {
    use crate::gather::Nap;
    use crate::gather::site::SiteFacts;

    use super::{Country, Field, region_of, same};

    /// What the site shows of one location.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct LocationPage {
        pub url: String,
        /// The page shows the location's address (None: audit.toml gives none).
        pub address: Option<bool>,
        pub phone: Option<bool>,
        /// The page's structured data states the location's hours (None: audit.toml or the page gives none).
        pub hours: Option<bool>,
    }

    /// What one page states: its phones, addresses, hours and headings.
    struct Stated<'a> {
        url: &'a str,
        phones: Vec<&'a str>,
        addresses: Vec<&'a str>,
        hours: Vec<&'a str>,
        headings: Vec<&'a str>,
    }

    fn stated(page: &crate::gather::site::facts::PageRecord) -> Option<Stated<'_>> {
        let html = page.html.as_ref()?;
        let naps = html.structured.iter().filter_map(|s| s.nap.as_ref());
        let mut phones: Vec<&str> = html.tel.iter().map(String::as_str).collect();
        let mut addresses: Vec<&str> = html.address.iter().map(|a| a.text.as_str()).collect();
        let mut hours = Vec::new();
        for nap in naps {
            phones.extend(nap.phone.as_deref());
            addresses.extend(nap.address.as_deref());
            hours.extend(nap.hours.as_deref());
        }
        let headings = html.title.iter().chain(&html.h1).map(String::as_str).collect();
        Some(Stated { url: &page.final_url, phones, addresses, hours, headings })
    }

    /// For each location (its name and details), the page about it and what it shows; None where no page is.
    pub(crate) fn location_pages(
        site: &SiteFacts,
        chain_name: &str,
        locations: &[(&str, &Nap)],
    ) -> Vec<Option<LocationPage>> {
        let pages: Vec<Stated> = site.pages.iter().filter_map(|p| stated(p)).collect();
        let region = region_of(locations.iter().filter_map(|(_, n)| n.phone.as_deref()), Some(&site.start_url));
        locations.iter().map(|(name, nap)| best_page(&pages, (chain_name, name, nap), region)).collect()
    }

    fn best_page(
        pages: &[Stated],
        (chain_name, name, nap): (&str, &str, &Nap),
        region: Country,
    ) -> Option<LocationPage> {
        let shows = |field: Field, theirs: &[&str], ours: Option<&str>| {
            ours.map(|ours| theirs.iter().any(|t| same(field, t, ours, region)))
        };
        let mut best: Option<(u8, LocationPage)> = None;
        for page in pages {
            let phone = shows(Field::Phone, &page.phones, nap.phone.as_deref());
            let address = shows(Field::Address, &page.addresses, nap.address.as_deref());
            // The location's own name, not the chain's (every page carries that).
            let named = !super::folded(name).is_empty()
                && super::folded(name) != super::folded(chain_name)
                && page.headings.iter().any(|h| super::folded(h).contains(&super::folded(name)));
            let strength = u8::from(phone == Some(true)) * 2 + u8::from(address == Some(true)) * 2 + u8::from(named);
            if strength == 0 || best.as_ref().is_some_and(|(s, _)| *s >= strength) {
                continue;
            }
            let hours = match (nap.hours.as_deref(), page.hours.is_empty()) {
                (Some(ours), false) => Some(page.hours.contains(&ours)),
                _ => None,
            };
            best = Some((strength, LocationPage { url: page.url.to_string(), address, phone, hours }));
        }
        best.map(|(_, page)| page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_compare_as_e164_numbers() {
        assert_eq!(e164("+7 (495) 123-45-67", Country::RU), e164("84951234567", Country::RU));
        assert_eq!(e164("+7 (495) 123-45-67", Country::RU).as_deref(), Some("+74951234567"));
        assert_eq!(e164("(718) 356-5168", Country::US).as_deref(), Some("+17183565168"));
        assert!(same(Field::Phone, "+1 718-356-5168", "718.356.5168", Country::US));
        assert!(!same(Field::Phone, "+1 718-356-5168", "+1 718-356-5186", Country::US));
    }

    #[test]
    fn addresses_compare_without_case_punctuation_or_abbreviations() {
        assert!(same_address("ул. Ленина, д. 5", "улица Ленина, дом 5, Москва, 101000"));
        assert!(same_address("пр-т Мира 10", "проспект мира, 10"));
        assert!(same_address("12 Baker St.", "12 Baker Street, Springfield, IL 62701"));
        assert!(!same_address("12 Baker St", "21 Baker St"));
        assert!(!same_address("ул. Ленина, д. 5", "ул. Ленина, д. 7"));
        // A site's labelled address and a listing's: the same street and house number, other words aside.
        assert!(same_address("Москва, Тверская 7, вход со двора", "Тверская ул., 7, Москва, 125009"));
        assert!(same_address("12 Baker Street, ground floor", "Baker St 12, London"));
        assert!(!same_address("Москва, Ленина 5, офис 2", "Москва, Мира 5"));
        assert!(!same_address("Москва, Тверская 7, вход со двора", "Тверская ул., 9, Москва"));
    }

    #[test]
    fn names_and_websites_compare_loosely() {
        assert!(same(Field::Name, "Bright Smile Dental", "BRIGHT SMILE DENTAL, clinic", Country::US));
        assert!(same(Field::Website, "https://www.smile.example/", "http://smile.example/contacts", Country::US));
        assert!(!same(Field::Website, "https://smile.example/", "https://smile-pro.example/", Country::US));
    }
}
