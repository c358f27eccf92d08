//! Review platforms and mention feeds: bad exports, feeds and rule files are reported by name while the rest
//! of the audit runs; pages and feeds fetched over HTTP from a server on 127.0.0.1; hostile review text.

use std::time::Duration;

use super::server::{Reply, TestServer, html, not_found};
use super::*;

/// Selector rules for made-up platforms, for tests only.
const GORODOK_RULES: &str = include_str!("../fixtures/platforms/gorodok.toml");
const REVIEWHUB_RULES: &str = include_str!("../fixtures/platforms/reviewhub.toml");

fn source<'a>(result: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    result["sources"].as_array().unwrap().iter().find(|s| s["kind"] == kind).unwrap()
}

fn texts(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map_or_else(Vec::new, |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
}

const HEAD: &str = "[business]\nname = \"Corner Bakery\"\nas_of = 2026-11-01\n[crawl]\ntimeout_s = 1\n";

#[test]
fn bad_exports_feeds_and_rule_files_are_named_and_the_rest_still_counts() {
    let audit = format!(
        r#"{HEAD}
[[reviews]]
platform = "Yelp"
file = "good.csv"
format = "csv"

[[reviews]]
file = "broken.json"
format = "gbp"

[[reviews]]
platform = "Zoon"
file = "missing-columns.csv"
format = "csv"

[[reviews]]
file = "empty.json"
format = "apify"

[[reviews]]
file = "page.html"
format = "html"
rules = "bad-css.toml"

[[reviews]]
file = "page.html"
format = "html"
rules = "bad-toml.toml"

[[mentions]]
feed = "not-a-feed.xml"
"#
    );
    let good = "platform,rating,date,text\n\
        Yelp,5,2026-10-01T10:00:00Z,Lovely bread\n\
        Yelp,7,2026-10-02T10:00:00Z,Seven stars?\n\
        Yelp,4,last tuesday,Nice\n";
    let (result, _) = run_audit(
        &audit,
        &[
            ("good.csv", good),
            ("broken.json", "{\"reviews\": [ {\"starRating\": \"FIVE\","),
            ("missing-columns.csv", "stars,when\n5,2026-01-01\n"),
            ("empty.json", ""),
            ("page.html", "<div class=\"review\">x</div>"),
            ("bad-css.toml", "container = \"div..review[\"\nrating = \".stars\"\ndate = \"time\"\n"),
            ("bad-toml.toml", "container = \"div.review\"\nrating = \n"),
            ("not-a-feed.xml", "this is not XML at all"),
        ],
    );
    let reviews = source(&result, "reviews");
    assert_eq!(reviews["status"], "collected");
    let problems = texts(&reviews["problems"]).join("\n");
    for expected in [
        "good.csv line 3: rating `7` is outside 0-5",
        "good.csv line 4: `last tuesday` is not a date",
        "broken.json: malformed JSON at line 1",
        "missing-columns.csv: no `rating` column for the rating (the header has: stars, when)",
        "empty.json: the file is empty",
        "bad-css.toml: the `container` selector `div..review[` is not valid CSS",
        "bad-toml.toml:2:",
    ] {
        assert!(problems.contains(expected), "`{expected}` not in:\n{problems}");
    }
    assert_eq!(touchpoint(&result, "reviews.rating")["measured"], 5.0, "only the one good review counts");
    let tone = touchpoint(&result, "mentions.tone");
    assert_eq!(tone["status"], "not_assessed");
    let reason = tone["reason"].as_str().unwrap();
    assert!(reason.contains("not-a-feed.xml: not a feed"), "{reason}");
}

#[test]
fn when_no_review_source_can_be_read_the_touchpoints_say_which_and_why() {
    // With an offline score beside it the audit runs, and the review touchpoints say what went wrong.
    let audit = format!("offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nfile = \"nothing.json\"\nformat = \"gbp\"\n");
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("nothing.json", "")]);
    let rating = touchpoint(&result, "reviews.rating");
    assert_eq!(rating["status"], "not_assessed");
    let reason = rating["reason"].as_str().unwrap();
    assert!(reason.contains("no review could be read") && reason.contains("nothing.json"), "{reason}");
    // Alone, it leaves nothing to assess: exit 2, naming the source and why.
    let alone = format!("{HEAD}\n[[reviews]]\nfile = \"nothing.json\"\nformat = \"gbp\"\n");
    let stderr = run_nothing_assessed(&alone, &[("nothing.json", "")]);
    assert!(stderr.contains("Review platforms: no review could be read: nothing.json"), "{stderr}");
}

/// A review export the audit names but that is not there is bad input in `run` as in `validate` (exit 2,
/// no report), not a warning a monthly CI job would pass over.
#[test]
fn a_review_file_that_does_not_exist_stops_the_run_like_validate() {
    let audit = format!("offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nfile = \"gone.json\"\nformat = \"apify\"\n");
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE)]);
    for args in [&["run", "audit.toml", "-o", "out"][..], &["validate", "audit.toml"][..]] {
        let run = touchaudit(args, dir.path());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("audit.toml:") && run.stderr.contains("the file `gone.json` does not exist"),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_review_url_that_times_out_is_reported_within_the_limit() {
    let server = TestServer::start(|_| Reply::Silent(Duration::from_secs(30)));
    let audit = format!(
        "offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nurl = \"{}\"\nformat = \"jsonld\"\n\n[[mentions]]\nfeed = \"{}\"\n",
        server.url("/listing"),
        server.url("/feed.rss")
    );
    let started = std::time::Instant::now();
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE)]);
    assert!(started.elapsed() < Duration::from_secs(15), "took {:?}", started.elapsed());
    let reason = touchpoint(&result, "reviews.rating")["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("timed out") && reason.contains("/listing"), "{reason}");
    let reason = touchpoint(&result, "mentions.volume")["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("timed out"), "{reason}");
}

const GORODOK_1: &str = r#"<html><body>
<div class="otzyv"><span class="otzyv-avtor">Ольга</span><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda"></i>
  <span class="otzyv-data">20.10.2026 23:50</span><p class="otzyv-tekst">Грубый администратор, долго ждали</p></div>
<div class="otzyv"><span class="otzyv-avtor">Иван</span><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i>
  <span class="otzyv-data">01.10.2026 10:00</span><p class="otzyv-tekst">Отличный хлеб</p>
  <div class="otvet"><span class="otvet-data">02.10.2026 10:00</span><p class="otvet-tekst">Спасибо, Иван!</p></div></div>
<a class="sled" href="/gorodok/2">Следующая</a></body></html>"#;

const GORODOK_2: &str = r#"<html><body>
<div class="otzyv"><span class="otzyv-avtor">Пётр</span><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i><i class="zvezda polnaya"></i>
  <span class="otzyv-data">15.09.2026 12:00</span><p class="otzyv-tekst">Хорошо</p>
  <div class="otvet"><span class="otvet-data">15.09.2026 18:00</span><p class="otvet-tekst">Спасибо!</p></div></div>
<a class="sled" href="/gorodok/1">Назад по кругу</a></body></html>"#;

#[test]
fn platform_pages_json_ld_and_feeds_over_http_politely() {
    let server = TestServer::start(|path| {
        match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nDisallow: /private/\n".to_vec()),
        "/gorodok/1" => html(GORODOK_1),
        "/gorodok/2" => html(GORODOK_2),
        "/listing" => html(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Bakery","name":"Corner",
            "aggregateRating":{"@type":"AggregateRating","ratingValue":"4.5","reviewCount":"40"},
            "review":[{"@type":"Review","author":"Kim","datePublished":"2026-10-30","reviewRating":{"ratingValue":"8","bestRating":"10"},"reviewBody":"Good"}]}</script>"#,
        ),
        "/feed.rss" => Reply::Page(
            200,
            "application/rss+xml",
            br#"<rss version="2.0"><channel><item><title>Corner Bakery wins best bread award</title><link>https://news.example/a</link>
            <pubDate>Mon, 26 Oct 2026 08:00:00 GMT</pubDate></item><item><title>Rude staff at Corner Bakery, terrible service</title>
            <link>https://forum.example/b</link><pubDate>Tue, 27 Oct 2026 08:00:00 GMT</pubDate></item></channel></rss>"#
                .to_vec(),
        ),
        _ => not_found(),
    }
    });
    let audit = format!(
        r#"{HEAD}
[[reviews]]
url = "{gorodok}"
format = "html"
rules = "gorodok.toml"   # a made-up city directory's rules: tests/fixtures/platforms/

[[reviews]]
platform = "Listing"
url = "{listing}"
format = "jsonld"

[[reviews]]
platform = "Private"
url = "{private}"
format = "jsonld"

[[mentions]]
feed = "{feed}"

[reputation]
platforms = ["Gorodok", "Listing", "Google"]
"#,
        gorodok = server.url("/gorodok/1"),
        listing = server.url("/listing"),
        private = server.url("/private/reviews"),
        feed = server.url("/feed.rss"),
    );
    let (result, report) = run_audit(&audit, &[("gorodok.toml", GORODOK_RULES)]);
    let reputation = &result["reputation"]["reviews"];
    // Gorodok: 2 + 1 reviews over two pages (the loop back to page 1 is not followed), stars counted as icons.
    let platforms = &reputation["platforms"];
    assert_eq!(platforms[0]["platform"], "Gorodok");
    assert_eq!((platforms[0]["count"].as_u64(), platforms[0]["average"].as_f64()), (Some(3), Some(3.67)));
    assert_eq!(platforms[1]["platform"], "Listing");
    // The listing states its own rating (4.5 from 40 reviews): that is what customers see, and it is used;
    // the one review read (8/10, 4 stars) drives the reply metrics.
    assert_eq!(platforms[1]["average"], 4.5);
    assert_eq!((platforms[1]["count"].as_u64(), platforms[1]["read"].as_u64()), (Some(40), Some(1)));
    let rating = touchpoint(&result, "reviews.rating")["evidence"].to_string();
    assert!(rating.contains("Listing: 4.5★ from 40 reviews (as the platform shows it; 1 review read)"), "{rating}");
    assert_eq!(reputation["unanswered_negative"][0]["text"], "Грубый администратор, долго ждали");
    let themes: Vec<&str> =
        reputation["themes"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(themes, ["staff", "waiting"]);
    assert_eq!(reputation["replies"]["median_hours"], 15.0, "24 h and 6 h");
    assert_eq!(touchpoint(&result, "reviews.platforms")["measured_text"], "2 of 3 expected platforms");
    let problems = texts(&source(&result, "reviews")["problems"]).join("\n");
    assert!(problems.contains("/private/reviews: robots.txt disallows fetching it"), "{problems}");
    assert!(!server.requests().iter().any(|r| r.path.starts_with("/private/")), "robots.txt was honoured");
    assert!(server.requests().iter().all(|r| r.user_agent.starts_with("touchaudit/")));
    let mentions = &result["reputation"]["mentions"];
    assert_eq!((mentions["positive"].as_u64(), mentions["negative"].as_u64()), (Some(1), Some(1)));
    assert!(report.contains("Rude staff at Corner Bakery, terrible service"));
}

#[test]
fn hostile_review_and_feed_text_is_escaped_and_script_links_are_not_links() {
    let gbp = r#"{"reviews":[{"name":"javascript:alert(1)","reviewer":{"displayName":"<img src=x onerror=alert(2)>"},
        "starRating":"ONE","createTime":"2026-10-20T10:00:00Z","comment":"<script>alert(3)</script>\u202eevil"}]}"#;
    let feed = r#"<rss><channel><item><title>"&gt;&lt;img src=x onerror=alert(4)&gt; Terrible</title>
        <link>javascript:alert(5)</link><pubDate>Mon, 26 Oct 2026 08:00:00 GMT</pubDate></item></channel></rss>"#;
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"g.json\"\nformat = \"gbp\"\n\n[[mentions]]\nfeed = \"f.rss\"\n");
    let (result, report) = run_audit(&audit, &[("g.json", gbp), ("f.rss", feed)]);
    assert_eq!(
        result["reputation"]["reviews"]["unanswered_negative"][0]["text"],
        "<script>alert(3)</script>\u{202e}evil"
    );
    assert!(!report.contains("<script>alert"), "review text escaped");
    assert!(!report.contains("<img src=x"), "author and feed title escaped");
    assert!(!report.to_lowercase().contains("href=\"javascript"), "no script links");
    assert!(report.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
}

#[test]
fn brand_search_results_are_read_from_a_saved_file_and_explained_when_they_cannot_be() {
    let serp = "position,title,url,snippet\n1,Corner Bakery,https://cornerbakery.example/,Fresh bread\n\
        2,Rude staff at Corner Bakery,https://forum.example/1,Terrible service\n3,Bakery guide,https://guide.example/,Bread\n";
    let audit = "[serm]\nfile = \"serp.csv\"\n[business]\nname = \"Corner Bakery\"\nsite = \"https://cornerbakery.example/\"\n\
        as_of = 2026-11-01\n[crawl]\ntimeout_s = 1\nmax_time_s = 2\n";
    let (result, _) = run_audit(audit, &[("serp.csv", serp)]);
    let brand = touchpoint(&result, "search.brand_results");
    assert_eq!(brand["measured_text"], "2 of the first 3 results are not negative (1 the business's own)", "{brand}");
    assert_eq!(brand["evidence"][0]["text"], "#2 Rude staff at Corner Bakery");
    let (result, _) = run_audit(&audit.replace("serp.csv", "missing.csv"), &[]);
    let reason = touchpoint(&result, "search.brand_results")["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("missing.csv"), "{reason}");
    let dir = scratch(&[("audit.toml", &audit.replace("\"serp.csv\"", "\"https://search.example/?q=x\""))]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("audit.toml:2:8: [serm]: `file` must be a saved export"), "{}", run.stderr);
}

#[test]
fn distinct_reviews_with_their_own_ids_are_never_merged_as_duplicates() {
    let reviews: Vec<String> = (1..=5)
        .map(|i| {
            format!(
                r#"{{"name": "accounts/1/locations/2/reviews/AbC{i}", "reviewId": "AbC{i}", "reviewer": {{"displayName": "John D."}},
                   "starRating": "FIVE", "createTime": "2026-10-20T0{i}:00:00Z", "updateTime": "2026-10-20T0{i}:00:00Z"}}"#
            )
        })
        .collect();
    let export = format!(r#"{{"reviews": [{}], "averageRating": 5, "totalReviewCount": 5}}"#, reviews.join(","));
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"google.json\"\nformat = \"gbp\"\n");
    let (result, _) = run_audit(&audit, &[("google.json", &export)]);
    assert_eq!(result["reputation"]["reviews"]["count"], 5, "{}", result["reputation"]["reviews"]);
    assert_eq!(result["reputation"]["reviews"]["duplicates_removed"], 0);
}

#[test]
fn next_page_links_of_a_saved_page_stay_inside_its_folder() {
    let page = |next: &str| {
        format!(
            r#"<html><body><article class="review"><span class="stars" data-rating="4"></span>
            <header><time datetime="2026-10-01T10:00:00Z"></time></header><p class="review-body">Good, next {next}</p>
            <span class="reviewer">Ann</span></article><a rel="next" href="{next}">next</a></body></html>"#
        )
    };
    for next in
        ["../../../../../../../../etc/passwd", "../../../../../../../dev/zero", "/etc/passwd", "sub/../../outside.html"]
    {
        let first = page(next);
        let outside = page("");
        let audit = format!(
            "offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nfile = \"saved/page1.html\"\nformat = \"html\"\nrules = \"reviewhub.toml\"\n"
        );
        let (result, _) = run_audit(
            &audit,
            &[
                ("offline.toml", OFFLINE),
                ("reviewhub.toml", REVIEWHUB_RULES),
                ("saved/page1.html", &first),
                ("outside.html", &outside),
            ],
        );
        assert_eq!(result["reputation"]["reviews"]["count"], 1, "{next}: only the first page is read");
        let sources = result["sources"].to_string();
        assert!(sources.contains("leads outside the source's folder or site"), "{next}: {sources}");
    }
    // A link to a page in the same folder or below is followed.
    let audit = format!(
        "offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nfile = \"saved/page1.html\"\nformat = \"html\"\nrules = \"reviewhub.toml\"\n"
    );
    let (first, second, third) = (page("more/page2.html"), page("../page3.html"), page(""));
    let (result, _) = run_audit(
        &audit,
        &[
            ("offline.toml", OFFLINE),
            ("reviewhub.toml", REVIEWHUB_RULES),
            ("saved/page1.html", &first),
            ("saved/more/page2.html", &second),
            ("saved/page3.html", &third),
        ],
    );
    assert_eq!(result["reputation"]["reviews"]["count"], 3, "{}", result["sources"]);
}

#[test]
fn an_export_where_every_record_fails_says_why_in_its_error() {
    let csv = "rating,date\n9,2026-10-01\n7,2026-10-02\n";
    let audit = format!(
        "offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nplatform = \"Yelp\"\nfile = \"yelp.csv\"\nformat = \"csv\"\n"
    );
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("yelp.csv", csv)]);
    let reason = touchpoint(&result, "reviews.rating")["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("none of its 2 records could be used"), "{reason}");
    assert!(reason.contains("yelp.csv line 2: rating `9` is outside 0-5"), "{reason}");
}

#[test]
fn a_review_or_feed_url_that_redirects_to_another_site_is_not_followed() {
    let elsewhere = TestServer::start(|_| html("<title>elsewhere</title>"));
    let target = elsewhere.url("/feed.rss");
    let server = TestServer::start(move |path| match path {
        "/robots.txt" => not_found(),
        _ => Reply::Redirect(302, target.clone()),
    });
    let audit = format!("offline = \"offline.toml\"\n{HEAD}\n[[mentions]]\nfeed = \"{}\"\n", server.url("/feed.rss"));
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE)]);
    let reason = touchpoint(&result, "mentions.volume")["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("redirects to another site"), "{reason}");
    assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.requests().iter().map(|r| &r.path).collect::<Vec<_>>());
}

/// An Apify Google Maps Scraper dataset item: a place with its fields and a sample of its reviews, as the
/// actor publishes it (field names as in its output; values made up).
const APIFY_PLACE: &str = r#"[{
  "searchString": "bakery springfield", "rank": 1, "title": "Corner Bakery", "categoryName": "Bakery",
  "address": "12 Baker St, Springfield, IL 62701, USA", "street": "12 Baker St", "city": "Springfield",
  "postalCode": "62701", "state": "Illinois", "countryCode": "US", "website": "https://cornerbakery.example/",
  "phone": "+1 217-555-0142", "phoneUnformatted": "+12175550142", "location": {"lat": 39.8, "lng": -89.64},
  "totalScore": 4.6, "reviewsCount": 287, "permanentlyClosed": false, "temporarilyClosed": false,
  "placeId": "ChIJ_example_place", "url": "https://www.google.com/maps/place/?q=place_id:ChIJ_example_place",
  "reviewsDistribution": {"oneStar": 9, "twoStar": 4, "threeStar": 14, "fourStar": 51, "fiveStar": 209},
  "openingHours": [{"day": "Monday", "hours": "7 AM to 6 PM"}, {"day": "Sunday", "hours": "8 AM to 2 PM"}],
  "peopleAlsoSearch": [{"category": "Bakery", "title": "Rival Breads", "reviewsCount": 120, "totalScore": 4.2}],
  "reviews": [
    {"name": "Dana K.", "text": "Best sourdough in town.", "publishAt": "a week ago",
     "publishedAtDate": "2026-10-24T08:11:03.000Z", "likesCount": 2, "reviewId": "ChZDSUhNMG9nS0VJQ0FnSUM1",
     "reviewUrl": "https://www.google.com/maps/reviews/data=!4m8!14m7!1m6!2m5!1sChZDSUhN", "reviewerId": "1011",
     "stars": 5, "responseFromOwnerDate": "2026-10-24T15:00:00.000Z", "responseFromOwnerText": "Thank you, Dana!"},
    {"name": "Lee M.", "text": "Rude at the till, stale rolls.", "publishAt": "2 weeks ago",
     "publishedAtDate": "2026-10-15T17:40:00.000Z", "likesCount": 0, "reviewId": "ChZDSUhNMG9nS0VJQ0FnSUM2",
     "reviewUrl": "https://www.google.com/maps/reviews/data=!4m8!14m7!1m6!2m5!1sChZDSUhO", "reviewerId": "1012",
     "stars": 1, "responseFromOwnerDate": null, "responseFromOwnerText": null}
  ]
}]"#;

#[test]
fn an_apify_place_export_gives_its_reviews_and_the_platforms_own_rating_and_count() {
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"places.json\"\nformat = \"apify\"\n");
    let (result, _) = run_audit(&audit, &[("places.json", APIFY_PLACE)]);
    let reviews = &result["reputation"]["reviews"];
    assert_eq!(reviews["count"], 2, "the two reviews in the item were read");
    assert_eq!(reviews["platforms"][0]["average"], 4.6, "{}", reviews["platforms"]);
    assert_eq!(
        (reviews["platforms"][0]["count"].as_u64(), reviews["platforms"][0]["read"].as_u64()),
        (Some(287), Some(2))
    );
    assert_eq!(reviews["replies"]["replied"], 1);
    assert_eq!(reviews["unanswered_negative"][0]["text"], "Rude at the till, stale rolls.");
    let rating = touchpoint(&result, "reviews.rating");
    assert!(rating["measured_text"].as_str().unwrap().contains("4.6★ (287 reviews)"), "{rating}");
    // The same place as Apify's CSV view flattens it: one row, reviews in reviews/N/<field> columns.
    let csv = "title,totalScore,reviewsCount,reviews/0/name,reviews/0/stars,reviews/0/publishedAtDate,reviews/0/text,reviews/0/reviewId,reviews/0/responseFromOwnerText,reviews/0/responseFromOwnerDate,reviews/1/name,reviews/1/stars,reviews/1/publishedAtDate,reviews/1/text,reviews/1/reviewId,reviews/1/responseFromOwnerText,reviews/1/responseFromOwnerDate\n\
        Corner Bakery,4.6,287,Dana K.,5,2026-10-24T08:11:03.000Z,Best sourdough in town.,ChZ1,\"Thank you, Dana!\",2026-10-24T15:00:00.000Z,Lee M.,1,2026-10-15T17:40:00.000Z,\"Rude at the till, stale rolls.\",ChZ2,,\n";
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"places.csv\"\nformat = \"apify\"\n");
    let (flat, _) = run_audit(&audit, &[("places.csv", csv)]);
    let reviews = &flat["reputation"]["reviews"];
    assert_eq!(reviews["count"], 2, "{}", flat["sources"]);
    assert_eq!(reviews["platforms"][0]["average"], 4.6);
    assert_eq!(reviews["replies"]["replied"], 1);
}

/// Two pages of 2GIS's public reviews API as a script saves them, one after the other (fields as the API
/// publishes them; values made up).
const TWOGIS_PAGES: &str = r#"{"meta": {"code": 200, "branch_rating": 4.3, "branch_reviews_count": 156, "total_count": 149,
  "next_link": "https://public-api.reviews.2gis.com/2.0/branches/70000001012345678/reviews?offset=2"},
 "reviews": [
  {"id": "141265770987001", "region_id": 1, "text": "Хорошая стоматология, вежливые врачи.", "rating": 5,
   "provider": "2gis", "is_hidden": false, "hiding_reason": null, "likes_count": 3, "comments_count": 0,
   "date_created": "2026-10-20T10:15:00.000000+03:00", "date_edited": null, "is_verified": true,
   "user": {"id": "u1", "name": "Анна"},
   "official_answer": {"id": "a1", "text": "Спасибо, Анна!", "date_created": "2026-10-20T18:00:00.000000+03:00"}},
  {"id": "141265770987002", "text": "Долго ждала, администратор грубил.", "rating": 2, "provider": "2gis",
   "is_hidden": false, "date_created": "2026-10-18T09:00:00.000000+03:00",
   "date_edited": "2026-10-25T09:00:00.000000+03:00", "user": {"id": "u2", "first_name": "Олег", "last_name": "П."},
   "official_answer": null}
 ]}
{"meta": {"code": 200, "branch_rating": 4.3, "branch_reviews_count": 156, "total_count": 149, "next_link": null},
 "reviews": [
  {"id": "141265770987003", "text": "Спам", "rating": 1, "is_hidden": true, "hiding_reason": "spam",
   "date_created": "2026-10-10T09:00:00.000000+03:00", "user": {"name": "bot"}, "official_answer": null},
  {"id": "141265770987004", "text": "", "rating": 4, "is_hidden": false,
   "date_created": "2026-09-01T12:00:00.000000+03:00", "user": {"name": "Ирина"}, "official_answer": null}
 ]}"#;

#[test]
fn twogis_api_pages_are_read_with_replies_dates_and_the_branchs_own_rating() {
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"2gis.json\"\nformat = \"2gis\"\n");
    let (result, _) = run_audit(&audit, &[("2gis.json", TWOGIS_PAGES)]);
    let reviews = &result["reputation"]["reviews"];
    assert_eq!(reviews["count"], 3, "the hidden one is not counted: {}", result["sources"]);
    assert_eq!(reviews["platforms"][0]["platform"], "2GIS");
    assert_eq!(
        (reviews["platforms"][0]["average"].as_f64(), reviews["platforms"][0]["count"].as_u64()),
        (Some(4.3), Some(156))
    );
    assert_eq!(reviews["replies"]["replied"], 1);
    // Reply 7 h 45 min after the review, both in +03:00.
    assert_eq!(reviews["replies"]["median_hours"], 7.75);
    // The edited review counts on its creation day.
    assert_eq!(reviews["unanswered_negative"][0]["date"], "2026-10-18");
    // A reviewer named in parts (`first_name`, `last_name`) is named whole.
    assert_eq!(reviews["unanswered_negative"][0]["author"], "Олег П.", "{}", reviews["unanswered_negative"]);
    assert!(
        result["sources"].to_string().contains("1 review hidden by the platform was not counted"),
        "{}",
        result["sources"]
    );
}

#[test]
fn yandex_maps_reviews_are_read_in_both_shapes() {
    // The open-source parser's JSON: Unix dates, answers without a date.
    let parser = r#"{"company_info": {"name": "Улыбка", "rating": 4.7, "count_rating": 230, "stars": 4.5},
      "company_reviews": [
        {"name": "Мария", "icon_href": null, "date": 1792836000.0, "text": "Всё понравилось", "stars": 5.0, "answer": "Спасибо!"},
        {"name": "Пётр", "icon_href": null, "date": 1792411200, "text": "Грубо и долго", "stars": 1.0, "answer": null}
      ]}"#;
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"yandex.json\"\nformat = \"yandex\"\n");
    let (result, _) = run_audit(&audit, &[("yandex.json", parser)]);
    let reviews = &result["reputation"]["reviews"];
    assert_eq!(reviews["count"], 2, "{}", result["sources"]);
    assert_eq!(reviews["platforms"][0]["platform"], "Yandex Maps");
    assert_eq!(
        (reviews["platforms"][0]["average"].as_f64(), reviews["platforms"][0]["count"].as_u64()),
        (Some(4.7), Some(230))
    );
    assert_eq!(reviews["replies"]["replied"], 1, "an answer without a date is a reply");
    assert_eq!(reviews["replies"]["timed"], 0, "but not timed");
    assert_eq!(reviews["unanswered_negative"][0]["date"], "2026-10-19");
    // The maps' own review JSON: ids, ISO times, the business's comment with its time.
    let maps = r#"{"reviews": [
      {"reviewId": "yR1", "author": {"name": "Ольга", "professionLevel": "Знаток города"}, "text": "Отлично",
       "rating": 5, "updatedTime": "2026-10-28T09:00:00.000Z", "businessComment": {"text": "Рады видеть!", "updatedTime": "2026-10-28T11:30:00.000Z"}},
      {"reviewId": "yR2", "author": {"name": "Игорь"}, "text": "Так себе", "rating": 3, "updatedTime": "2026-10-27T09:00:00.000Z"}
    ]}"#;
    let (result, _) = run_audit(&audit, &[("yandex.json", maps)]);
    let reviews = &result["reputation"]["reviews"];
    assert_eq!(reviews["count"], 2, "{}", result["sources"]);
    assert_eq!(reviews["replies"]["median_hours"], 2.5);
}

#[test]
fn listings_nap_compares_normalised_phones_and_addresses_between_the_site_and_a_listing() {
    let site = TestServer::start(|path| match path {
        "/" => html(
            r#"<title>Улыбка</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist",
            "name":"Улыбка","telephone":"+7 (495) 123-45-67","address":{"@type":"PostalAddress","streetAddress":"ул. Ленина, д. 5","addressLocality":"Москва"}}</script>"#,
        ),
        _ => not_found(),
    });
    let place = |phone: &str| {
        format!(
            r#"[{{"title":"Стоматология Улыбка","address":"улица Ленина, дом 5, Москва, 101000","phone":"{phone}",
            "totalScore":4.8,"reviewsCount":40,"reviews":[{{"name":"Анна","stars":5,"publishedAtDate":"2026-10-20T10:00:00.000Z",
            "reviewId":"r1","text":"Хорошо","responseFromOwnerText":"Спасибо","responseFromOwnerDate":"2026-10-20T12:00:00.000Z"}}]}}]"#
        )
    };
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Улыбка\"\nsite = \"{}\"\nas_of = 2026-11-01\nlocale = \"ru\"\n\n[[reviews]]\nfile = \"places.json\"\nformat = \"apify\"\n",
        site.url("/")
    );
    // The same number written two ways, the same address with and without abbreviations: they match.
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("84951234567"))]);
    let nap = touchpoint(&result, "listings.nap");
    assert_eq!(nap["status"], "pass", "{nap}");
    // A phone that differs by one digit fails, naming both numbers.
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("84951234576"))]);
    let nap = touchpoint(&result, "listings.nap");
    assert_eq!(nap["status"], "fail", "{nap}");
    let recommendation = nap["recommendation"].as_str().unwrap();
    assert!(
        recommendation.contains("84951234576") && recommendation.contains("+7 (495) 123-45-67"),
        "{recommendation}"
    );
    // The auditor's [business] phone is the reference when given.
    let with_reference = audit.replace("locale = \"ru\"\n", "locale = \"ru\"\nphone = \"+7 495 123-45-76\"\n");
    let (result, _) = run_audit(&with_reference, &[("offline.toml", OFFLINE), ("places.json", &place("84951234576"))]);
    assert_eq!(touchpoint(&result, "listings.nap")["status"], "pass");
    // A Google Business Profile location file (Business Information API `Location`) is a listing too; its
    // address lines, city and postcode are joined; the table shows every listing × field.
    let location = r#"{"name":"locations/1234567890","title":"Стоматология Улыбка","phoneNumbers":{"primaryPhone":"+7 495 123-45-67"},
        "storefrontAddress":{"regionCode":"RU","languageCode":"ru","postalCode":"101000","locality":"Москва","addressLines":["ул. Ленина, 5"]},
        "regularHours":{"periods":[{"openDay":"MONDAY","openTime":{"hours":9},"closeDay":"MONDAY","closeTime":{"hours":18}}]}}"#;
    let two = format!("{audit}\n[[reviews]]\nfile = \"gbp-location.json\"\nformat = \"gbp\"\n");
    let (result, report) = run_audit(
        &two,
        &[("offline.toml", OFFLINE), ("places.json", &place("84951234567")), ("gbp-location.json", location)],
    );
    let table = &result["reputation"]["listings"];
    assert_eq!(table["rows"].as_array().unwrap().len(), 2, "{table}");
    let gbp = &table["rows"][1];
    assert_eq!(gbp["source"], "Google (gbp-location.json)", "two Google listings: each named by its file too");
    let cell = |field: &str| gbp["cells"].as_array().unwrap().iter().find(|c| c["field"] == field).unwrap().clone();
    assert_eq!(
        (cell("phone")["status"].as_str(), cell("address")["status"].as_str()),
        (Some("matches"), Some("matches"))
    );
    assert_eq!(cell("address")["value"], "ул. Ленина, 5, Москва, 101000");
    assert_eq!(touchpoint(&result, "listings.nap")["status"], "pass");
    assert!(
        result["sources"].to_string().contains("gbp-location.json") && !report.contains("no reviews in"),
        "{}",
        result["sources"]
    );
    assert!(report.contains("id=\"nap-heading\"") && report.contains("совпадает"), "the NAP table is in the report");
}

/// A Yandex Maps reviews tab as the browser saves it, in the maps' markup (review cards with schema.org
/// microdata, five star icons of which the `_full` ones count, the date in a datePublished meta, the
/// organisation's answer in a comment bubble), read with the shipped `yandex-maps` rules.
#[test]
fn a_saved_yandex_maps_reviews_tab_reads_with_the_shipped_rules() {
    let star = |full: bool| {
        format!(
            r#"<span class="inline-image _loaded icon business-rating-badge-view__star _{}"></span>"#,
            if full { "full" } else { "empty" }
        )
    };
    let card = |name: &str, stars: usize, date: &str, text: &str, answer: Option<&str>| {
        let icons: String = (0..5).map(|i| star(i < stars)).collect();
        let answer = answer.map_or(String::new(), |a| {
            format!(
                r#"<div class="business-review-view__comment-expand" role="button">Посмотреть ответ организации</div>
                <div class="business-review-comment-content"><div class="business-review-comment-content__bubble">{a}</div></div>"#
            )
        });
        format!(
            r#"<div class="business-reviews-card-view__review"><div class="business-review-view" itemprop="review" itemscope itemtype="http://schema.org/Review">
            <div class="business-review-view__info"><div class="business-review-view__author-container">
            <div class="business-review-view__author-name" itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">{name}</span></div></div>
            <div class="business-review-view__header"><div class="business-review-view__rating"><div class="business-rating-badge-view _size_m _weight_medium">
            <div class="business-rating-badge-view__stars _spacing_normal" aria-label="Оценка {stars} Из 5">{icons}</div></div></div>
            <span class="business-review-view__date"><meta itemprop="datePublished" content="{date}"><span>12 октября 2026</span></span></div>
            <div class="business-review-view__body"><div class="spoiler-view"><div class="spoiler-view__text"><span class="business-review-view__body-text" itemprop="reviewBody">{text}</span></div></div></div>
            {answer}</div></div></div>"#
        )
    };
    let page = format!(
        r#"<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Отзывы — Яндекс Карты</title></head><body>
        <div class="orgpage-header-view"><h1 class="orgpage-header-view__header">Пекарня на углу</h1>
        <div class="business-summary-rating-badge-view__rating-and-stars"><div class="business-rating-badge-view__stars _spacing_normal">{}</div></div></div>
        <div class="business-reviews-card-view__reviews-container">{}{}{}</div></body></html>"#,
        (0..5).map(|_| star(true)).collect::<String>(),
        card("Анна", 5, "2026-10-12T09:15:00.000Z", "Очень вкусный хлеб!", Some("Спасибо, Анна!")),
        card("Игорь", 2, "2026-10-20T18:40:00.000Z", "Долго ждал заказ.", None),
        card("Мария", 3, "2026-09-01T12:00:00.000Z", "Нормально.", Some("Будем стараться.")),
    );
    let audit = format!("{HEAD}\n[[reviews]]\nfile = \"yandex.html\"\nformat = \"html\"\nrules = \"yandex-maps\"\n");
    let (result, _) = run_audit(&audit, &[("yandex.html", &page)]);
    let reviews = &result["reputation"]["reviews"];
    assert_eq!(reviews["platforms"][0]["platform"], "Yandex Maps");
    assert_eq!(reviews["count"], 3, "the summary's stars are not a review");
    assert_eq!(reviews["distribution"], serde_json::json!([0, 1, 1, 0, 1]), "stars counted as the full icons");
    // Two answers, neither dated on Yandex Maps: replies, untimed.
    assert_eq!(reviews["replies"]["replied"], 2);
    assert_eq!(reviews["replies"]["undated"], 2);
    assert_eq!(reviews["unanswered_negative"][0]["author"], "Игорь");
}

/// A photo offline.toml names as evidence is in the report as an embedded thumbnail: smaller than the file,
/// encoded anew, with no EXIF (no place it was taken) left in it.
#[test]
fn an_attached_photo_is_embedded_small_and_without_its_location() {
    // A 2000 × 1500 picture with an EXIF block naming GPS coordinates, as phones write them.
    let picture = image::RgbImage::from_fn(2000, 1500, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&picture).unwrap();
    let tiff: &[u8] = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a\x00\x00\x00\x00GPSLatitude55.7558";
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(tiff);
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend_from_slice(&[0xff, 0xe1]);
    with_exif.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    with_exif.extend_from_slice(&app1);
    with_exif.extend_from_slice(&jpeg[2..]);
    let offline = "[scores.\"office.accessibility\"]\nscore = 3\nevidence = [\"photos/door.jpg\"]\n";
    let audit = "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nas_of = 2026-11-01\n";
    let dir = scratch(&[("audit.toml", audit), ("offline.toml", offline)]);
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    std::fs::write(dir.path().join("photos/door.jpg"), &with_exif).unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let start = html.find("class=\"photo\" src=\"data:image/jpeg;base64,").expect("the photo is embedded") + 42;
    let end = start + html[start..].find('"').unwrap();
    use base64::Engine;
    let b64 = html[start..end].replace("&#x2F;", "/").replace("&#x3D;", "=");
    let thumb = base64::engine::general_purpose::STANDARD
        .decode(&b64)
        .unwrap_or_else(|e| panic!("{e}: {} … {}", b64.len(), &b64[b64.len().saturating_sub(40)..]));
    assert!(thumb.len() < with_exif.len() / 4, "{} bytes from {}", thumb.len(), with_exif.len());
    assert!(!thumb.windows(4).any(|w| w == b"Exif") && !thumb.windows(3).any(|w| w == b"GPS"), "no EXIF left");
    let decoded = image::load_from_memory(&thumb).unwrap();
    assert!(decoded.width() <= 480 && decoded.height() <= 480, "{}×{}", decoded.width(), decoded.height());
    assert!(!html.contains("photos/door.jpg</small>"), "the client view shows no file name");
}

/// Opening hours are compared as weekly intervals: the site's schema.org `openingHours`, Apify's day rows
/// ("8 AM to 7 PM", "Closed") and the Business Profile's `regularHours.periods` state the same week in three
/// ways and match; a listing that closes an hour earlier differs, showing both weeks. `[business] hours`
/// is the reference when given, checked at load.
#[test]
fn listings_nap_compares_opening_hours_as_weekly_intervals() {
    let site = TestServer::start(|path| match path {
        "/" => html(
            r#"<title>Corner Bakery</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Bakery",
            "name":"Corner Bakery","telephone":"+1 555-0100","openingHours":["Mo-Fr 08:00-19:00","Sa 09:00-14:00"]}</script>"#,
        ),
        _ => not_found(),
    });
    let place = |friday: &str| {
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
            .iter()
            .map(|d| format!(r#"{{"day":"{d}","hours":"8 AM to 7 PM"}}"#))
            .collect::<Vec<_>>()
            .join(",");
        format!(
            r#"[{{"title":"Corner Bakery","phone":"+1 555-0100","totalScore":4.5,"reviewsCount":10,
            "openingHours":[{days},{{"day":"Friday","hours":"{friday}"}},{{"day":"Saturday","hours":"9 AM–2 PM"}},{{"day":"Sunday","hours":"Closed"}}],
            "reviews":[{{"name":"Ann","stars":5,"publishedAtDate":"2026-10-20T10:00:00.000Z","reviewId":"r1","text":"Good"}}]}}]"#
        )
    };
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n\n\
         [[reviews]]\nfile = \"places.json\"\nformat = \"apify\"\n\n[[reviews]]\nfile = \"gbp.json\"\nformat = \"gbp\"\n",
        site.url("/")
    );
    let periods = (0..5)
        .map(|d| {
            let day = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"][d];
            format!(r#"{{"openDay":"{day}","openTime":{{"hours":8}},"closeDay":"{day}","closeTime":{{"hours":19}}}}"#)
        })
        .chain([r#"{"openDay":"SATURDAY","openTime":{"hours":9},"closeDay":"SATURDAY","closeTime":{"hours":14}}"#
            .to_string()])
        .collect::<Vec<_>>()
        .join(",");
    let gbp = format!(
        r#"{{"name":"locations/1","title":"Corner Bakery","phoneNumbers":{{"primaryPhone":"+1 555-0100"}},"regularHours":{{"periods":[{periods}]}}}}"#
    );
    let hours_of = |result: &serde_json::Value, row: usize| {
        let cells = result["reputation"]["listings"]["rows"][row]["cells"].as_array().unwrap().clone();
        cells.into_iter().find(|c| c["field"] == "hours").unwrap()
    };
    let (result, _) =
        run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("8 AM to 7 PM")), ("gbp.json", &gbp)]);
    let listings = &result["reputation"]["listings"];
    let reference = listings["reference"].as_array().unwrap().iter().find(|r| r["field"] == "hours").unwrap();
    assert_eq!(
        (reference["value"].as_str(), reference["from"].as_str()),
        (Some("Mo-Fr 08:00-19:00, Sa 09:00-14:00"), Some("site"))
    );
    // Both Google exports state the same details: one listing.
    assert_eq!(listings["rows"].as_array().unwrap().len(), 1, "{listings}");
    assert_eq!(hours_of(&result, 0)["status"], "matches", "{listings}");
    assert_eq!(touchpoint(&result, "listings.nap")["status"], "pass");
    // Friday closes at 6: the listing differs, and the table shows its week.
    let (result, report) =
        run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("8 AM to 6 PM")), ("gbp.json", &gbp)]);
    let cell = hours_of(&result, 0);
    assert_eq!(cell["status"], "differs");
    assert_eq!(cell["value"], "Mo-Th 08:00-19:00, Fr 08:00-18:00, Sa 09:00-14:00");
    assert!(report.contains("Fr 08:00-18:00"), "the report shows the listing's hours");
    assert_ne!(touchpoint(&result, "listings.nap")["status"], "pass");
    // The auditor's hours are the reference; hours that cannot be read are an error at load, with the line.
    let stated = audit.replace(
        "as_of = 2026-11-01\n",
        "as_of = 2026-11-01\nhours = \"Mo-Th 08:00-19:00, Fr 08:00-18:00, Sa 09:00-14:00\"\n",
    );
    let (result, _) =
        run_audit(&stated, &[("offline.toml", OFFLINE), ("places.json", &place("8 AM to 6 PM")), ("gbp.json", &gbp)]);
    assert_eq!(hours_of(&result, 0)["status"], "matches");
    assert_eq!(hours_of(&result, 1)["status"], "differs");
    let bad = audit.replace("as_of = 2026-11-01\n", "as_of = 2026-11-01\nhours = \"weekdays 9-6\"\n");
    let dir = scratch(&[("audit.toml", &bad), ("offline.toml", OFFLINE)]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("audit.toml:6:9: [business] hours: `weekdays` is neither days"), "{}", run.stderr);
}

/// A branch from the 2GIS catalog API is a listing: its name, `address_name`, phone and website from
/// `contact_groups` (the website's shown text, not 2GIS's redirect link), hours from `schedule`, and its
/// rating as the platform's own figure.
#[test]
fn a_2gis_catalog_branch_is_a_listing_with_hours() {
    let site = TestServer::start(|path| match path {
        "/" => html(
            r#"<title>Улыбка</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist",
            "name":"Улыбка","telephone":"+7 (495) 123-45-67","address":{"@type":"PostalAddress","streetAddress":"ул. Ленина, д. 5","addressLocality":"Москва"},
            "openingHoursSpecification":[{"@type":"OpeningHoursSpecification","dayOfWeek":["Monday","Tuesday","Wednesday","Thursday","Friday"],"opens":"09:00","closes":"21:00"}]}</script>"#,
        ),
        _ => not_found(),
    });
    let day = r#"{"working_hours":[{"from":"09:00","to":"21:00"}]}"#;
    let branch = format!(
        r#"{{"meta":{{"api_version":"3.0.1","code":200,"issue_date":"20261101"}},"result":{{"items":[{{"id":"70000001023456789",
        "type":"branch","name":"Улыбка, стоматология","address_name":"Ленина улица, 5","contact_groups":[{{"contacts":[
        {{"type":"phone","text":"+7 (495) 123‒45‒67","value":"+74951234567","print_text":"+7 (495) 123‒45‒67"}},
        {{"type":"website","text":"{}","value":"http://link.2gis.ru/1.2/ABCDEF","url":"http://link.2gis.ru/1.2/ABCDEF"}}]}}],
        "schedule":{{"Mon":{day},"Tue":{day},"Wed":{day},"Thu":{day},"Fri":{day}}},
        "reviews":{{"general_rating":4.6,"general_review_count":87}}}}],"total":1}}}}"#,
        site.url("/")
    );
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Улыбка\"\nsite = \"{}\"\nas_of = 2026-11-01\nlocale = \"ru\"\n\n\
         [[reviews]]\nfile = \"branch.json\"\nformat = \"2gis\"\n",
        site.url("/")
    );
    let (result, report) = run_audit(&audit, &[("offline.toml", OFFLINE), ("branch.json", &branch)]);
    let row = &result["reputation"]["listings"]["rows"][0];
    assert_eq!(row["source"], "2GIS", "{}", result["reputation"]["listings"]);
    for cell in row["cells"].as_array().unwrap() {
        assert_eq!(cell["status"], "matches", "{cell}");
    }
    assert_eq!(touchpoint(&result, "listings.nap")["status"], "pass");
    let platform = &result["reputation"]["reviews"]["platforms"][0];
    assert_eq!((platform["average"].as_f64(), platform["count"].as_u64()), (Some(4.6), Some(87)), "{platform}");
    assert!(report.contains("2GIS"));
}

/// A realistic car service's reviews, read in both report languages: the rude mechanic is a staff complaint
/// (not "quality" because of "больше", not missed because "хам" is inside "нахамил"), each complaint is
/// quoted under its theme, and each draft answers the review's own complaint with the business and its phone.
#[test]
fn a_car_services_complaints_are_filed_by_what_the_customer_said_in_both_languages() {
    let reviews = "platform,rating,date,author,text\n\
        Яндекс Карты,1,2026-10-20T10:00:00+03:00,Игорь,Мастер нахамил… Больше не приеду.\n\
        Яндекс Карты,2,2026-10-12T10:00:00+03:00,Ольга,\"Машину обещали к обеду, ждала до вечера. Очень долго.\"\n\
        Яндекс Карты,1,2026-10-05T10:00:00+03:00,,Дозвониться невозможно: не берут трубку третий день.\n\
        Яндекс Карты,2,2026-09-28T10:00:00+03:00,Павел,\"Цена выросла вдвое, в счёте позиции, которые никто не объяснил\"\n\
        Яндекс Карты,5,2026-09-20T10:00:00+03:00,Анна,\"Всё быстро и вежливо, рекомендую\"\n\
        Яндекс Карты,1,2026-09-02T10:00:00+03:00,Сергей,\"После ремонта стук остался, пришлось переделывать.\"\n";
    for locale in ["ru", "en"] {
        let audit = format!(
            "[business]\nname = \"Автосервис «Гараж 21»\"\nphone = \"+7 495 123-45-67\"\nlocale = \"{locale}\"\n\
             as_of = 2026-11-01\n[output]\naudience = \"consultant\"\n\n\
             [[reviews]]\nplatform = \"Яндекс Карты\"\nfile = \"reviews.csv\"\nformat = \"csv\"\n"
        );
        let (result, report) = run_audit(&audit, &[("reviews.csv", reviews)]);
        let summary = &result["reputation"]["reviews"];
        let theme = |id: &str| summary["themes"].as_array().unwrap().iter().find(|t| t["id"] == id).cloned();
        let staff = theme("staff").unwrap_or_else(|| panic!("{locale}: no staff theme: {}", summary["themes"]));
        assert!(texts(&staff["quotes"]).iter().any(|q| q.starts_with("Мастер нахамил")), "{locale}: {staff}");
        let quality = theme("quality").unwrap();
        assert!(!texts(&quality["quotes"]).iter().any(|q| q.contains("нахамил")), "{locale}: {quality}");
        assert!(texts(&quality["quotes"]).iter().any(|q| q.contains("переделывать")), "{locale}: {quality}");
        for (id, quoted) in
            [("waiting", "ждала до вечера"), ("communication", "не берут трубку"), ("price", "Цена выросла")]
        {
            let found = theme(id).unwrap_or_else(|| panic!("{locale}: no {id}: {}", summary["themes"]));
            assert!(texts(&found["quotes"]).iter().any(|q| q.contains(quoted)), "{locale}: {found}");
        }
        let rude = summary["unanswered_negative"].as_array().unwrap().iter().find(|r| r["author"] == "Игорь").unwrap();
        assert_eq!(rude["reply_themes"][0], "staff", "{rude}");
        // The draft in the report answers the rudeness, names the business and gives its phone.
        let start = report.find("Мастер нахамил").expect("the review is listed");
        let draft = &report[start..report[start..].find("</li>").map_or(report.len(), |end| start + end)];
        let apology = if locale == "ru" {
            "Простите нас за такое отношение"
        } else {
            "sorry for how you were treated"
        };
        assert!(draft.contains(apology), "{locale}: {draft}");
        assert!(draft.contains("+7 495 123-45-67") && draft.contains("Гараж 21"), "{locale}: {draft}");
        assert!(!draft.contains("качеств") && !draft.contains("quality"), "{locale}: {draft}");
        // The themes section quotes them, escaped.
        assert!(report.contains("<q>Мастер нахамил… Больше не приеду.</q>"), "{locale}");
    }
}

/// With no `[business]` phone and no markup, the site's visible `tel:` link is the phone a listing is held
/// to; a listing whose phone and address could be compared with nothing cannot pass.
#[test]
fn listings_nap_compares_with_the_sites_tel_link_and_never_passes_uncompared() {
    let site = TestServer::start(|path| match path {
        "/" => html(r#"<title>Corner Garage</title><p>Call us: <a href="tel:+15550100">+1 555-0100</a></p>"#),
        _ => not_found(),
    });
    let place = |phone: &str| {
        format!(
            r#"[{{"title":"Corner Garage","phone":"{phone}","totalScore":4.6,"reviewsCount":12,"reviews":[{{"name":"Ann",
            "stars":5,"publishedAtDate":"2026-10-20T10:00:00.000Z","reviewId":"r1","text":"Quick and fair"}}]}}]"#
        )
    };
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Garage\"\nsite = \"{}\"\nas_of = 2026-11-01\n\n\
         [[reviews]]\nfile = \"places.json\"\nformat = \"apify\"\n",
        site.url("/")
    );
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("+1 555-0199"))]);
    let nap = touchpoint(&result, "listings.nap");
    assert_eq!(nap["status"], "fail", "{nap}");
    assert!(nap["recommendation"].as_str().unwrap().contains("+15550100"), "{nap}");
    // The same number as the site writes it differently matches.
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE), ("places.json", &place("+1 (555) 010-0"))]);
    assert_eq!(touchpoint(&result, "listings.nap")["status"], "pass");
    // Name only: the phone is missing from the listing and there is no address anywhere, so nothing that
    // sends a customer was compared: not a pass, and the evidence says why.
    let name_only = r#"[{"title":"Corner Garage","totalScore":4.6,"reviewsCount":12,"reviews":[]}]"#;
    let bare = audit.replace(&format!("site = \"{}\"\n", site.url("/")), "");
    let (result, _) = run_audit(&bare, &[("offline.toml", OFFLINE), ("places.json", name_only)]);
    let nap = touchpoint(&result, "listings.nap");
    assert_ne!(nap["status"], "pass", "{nap}");
    assert!(nap.to_string().contains("phone and address not compared"), "{nap}");
}

/// A review table Excel saved in Windows-1251 reads as Russian, with its Russian column names.
#[test]
fn a_windows_1251_review_table_is_read_with_its_russian_columns() {
    let csv = "Оценка;Дата;Отзыв\n1;2026-10-20;Мастер нахамил, больше не приеду\n5;2026-10-21;Всё отлично\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(csv);
    let audit = format!(
        "offline = \"offline.toml\"\n{HEAD}\n[[reviews]]\nplatform = \"Яндекс Карты\"\nfile = \"reviews.csv\"\nformat = \"csv\"\n\
         columns = {{ rating = \"Оценка\", date = \"Дата\", text = \"Отзыв\" }}\n"
    );
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE)]);
    std::fs::write(dir.path().join("reviews.csv"), &bytes).unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    assert_eq!(result["reputation"]["reviews"]["count"], 2, "{}", result["sources"]);
    let text = result["reputation"]["reviews"]["unanswered_negative"][0]["text"].as_str().unwrap().to_string();
    assert_eq!(text, "Мастер нахамил, больше не приеду");
}
