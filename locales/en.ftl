# touchaudit's report texts in English (Fluent syntax: https://projectfluent.org/).
# Every message here must exist in every other locale file with the same variables; a test checks it.
# Numbers given as variables are formatted for the locale; `{ $count -> [one] ... *[other] ... }` picks
# the plural form.

## Numbers, dates, units

n-a = n/a
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
month-short = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $year }
n-of-m-found = { $found } of { $total } found
unit-ms = { $ms } ms
unit-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
unit-days-old = { $days ->
    [one] { $days } day old
   *[other] { $days } days old
}
unit-hours = { $hours } h
unit-per-month = { $count } per month
listed-in-all = … { $count } in all

## Statuses and sources

status-pass = pass
status-warn = warn
status-fail = fail
status-not-assessed = not assessed
status-not-applicable = not applicable
source-offline = Offline scores and client figures
source-survey = Customer survey
source-site = Website crawl
source-reviews = Review platforms
source-mentions = Mention feeds
source-serm = Brand search results
source-collected = collected
source-not-configured = not configured
source-failed = failed
format-2gis = 2GIS reviews API pages
format-yandex = Yandex Maps reviews
format-gbp = Business Profile export
format-apify = Apify export
format-outscraper = Outscraper export
format-html = platform page

## The HTML report

report-title = Loyalty readiness audit: { $business }
report-kicker = Loyalty readiness audit
report-as-of = As of { $date }
report-score = Score
report-of-100 = of 100
report-level = Level:
report-no-level = No level
report-no-score = Nothing could be assessed, so there is no score.
report-gauge-alt = Loyalty readiness score { $score } of 100, level { $level }, coverage { $coverage }
report-coverage = Coverage
report-coverage-before = Coverage:
report-coverage-after = of the checklist's weight was assessed.
report-level-provisional = provisional: { $level }
report-provisional = provisional
report-provisional-why = Less than 60 % could be assessed, so the score may change a lot once the rest is.
report-capped = capped
report-capped-by = Level capped: critical touchpoint failed ({ $touchpoints })
report-level-bands = Level bands
report-by-status = Touchpoints by status
report-gates = Gates
report-since = Since the audit of { $date }
report-the-baseline = the baseline
report-changes-headline = The score went from { $from } to { $to } ({ $delta } points).
report-trend = Score per run
report-trend-scale = (scale { $range })
report-newly-failing = Newly failing
report-fixed = Fixed
report-still-failing = Still failing
report-area = Area
report-before = Before
report-now = Now
report-change = Change
report-fix-first = Fix first
report-fix-first-hint = Ranked by the points the score would gain if the touchpoint passed fully; failed critical touchpoints come first.
report-gain = +{ $points } { $points ->
   [one] point
   *[other] points
  }
report-critical = critical
report-nothing-to-fix = Nothing assessed needs fixing.
report-areas = Score per area
report-bar = Bar
report-area-alt = { $area }: { $score } of 100
report-area-coverage = { $assessed } of { $applicable } assessed ({ $share })
report-survey = What customers say in the survey
report-survey-nps = NPS { $nps } ±{ $margin } from { $answers } answers: { $promoters } promoters (9-10), { $passives } passives (7-8), { $detractors } detractors (0-6).
report-nps-alt = NPS answers: { $promoters } promoters, { $passives } passives, { $detractors } detractors
report-survey-csat = CSAT { $csat } % satisfied (4-5 of 5) from { $answers } answers.
report-survey-ces = CES { $mean } of 7 on average, { $easy } % found it easy (5-7), from { $answers } answers.
report-reviews = Reviews at a glance
report-reviews-headline = { $average }★ average from { $reviews ->
    [one] { $reviews } review
   *[other] { $reviews } reviews
} on { $platforms ->
    [one] { $platforms } platform
   *[other] { $platforms } platforms
}.
report-reviews-no-rating = No average from { $reviews ->
    [one] { $reviews } review
   *[other] { $reviews } reviews
} on { $platforms ->
    [one] { $platforms } platform
   *[other] { $platforms } platforms
}.
report-reviews-duplicates = { $count ->
    [one] One review found in two sources was counted once.
   *[other] { $count } reviews found in two sources were counted once.
}
report-ratings = Ratings
report-stars-count = { $stars ->
    [one] { $stars } star
   *[other] { $stars } stars
} { $count }
report-distribution-alt = Rating distribution: { $counts }
report-per-month = Reviews per month
report-legend-reviews = Reviews
report-legend-answered = share answered
report-month-bar = { $month }: { $reviews ->
    [one] { $reviews } review
   *[other] { $reviews } reviews
}, { $answered } answered
report-months-alt = Reviews per month and the share answered, { $first } to { $last }
report-platform = Platform
report-average = Average
report-replies = Over the last { $days } days, { $answered } of { $reviews ->
    [one] { $reviews } review was
   *[other] { $reviews } reviews were
} answered ({ $share }).
report-reply-time = The median answer came after { $median } hours and 90 % within { $p90 } hours.
report-negatives-heading = Unanswered reviews of { $stars ->
    [one] { $stars } star
   *[other] { $stars } stars
} or less from the last { $days } days
report-show-all = show all
report-open-review = open the review
report-no-unanswered = None: every recent negative review has an answer.
report-themes = What negative reviews complain about
report-mentions = Mentions
report-mentions-headline = { $count ->
    [one] { $count } mention
   *[other] { $count } mentions
} in the last { $days } days.
report-tone-alt = Tone: { $positive } positive, { $neutral } neutral, { $negative } negative
report-not-assessed = Not assessed
report-not-assessed-hint = These touchpoints are kept out of the score; the coverage above shows how much of the checklist they weigh.
report-all-assessed = Every applicable touchpoint was assessed.
report-method = Method and sources
report-method-text = Checklist: { $checklist }. Each touchpoint passes when its measured value meets its target and fails at or beyond its fail threshold, with a warning between; its score runs from 0 at the fail threshold to 1 at the target. An area's score is the weighted mean of its assessed touchpoints; the overall score is the weighted mean of the areas with any assessed touchpoint. Coverage is the assessed share of the applicable weight; below 60 % the score is provisional. A failed critical touchpoint caps the level at the second band.
report-builtin-checklist = built-in default
report-file = File:
report-input-problems = { $count ->
    [one] { $count } problem in the input
   *[other] { $count } problems in the input
}
report-generated = Generated by touchaudit { $version } at { $at }.
tp-set-by-auditor = Set by the auditor (measured: { $measured }): { $note }
tp-target = Target:
tp-score = Score: { $score }/100
tp-recommendation = Recommendation:
gate-passed = passed
gate-failed = failed

## The portfolio of a batch

portfolio-title = Loyalty readiness portfolio
portfolio-kicker = Loyalty readiness audits
portfolio-heading = { $count ->
    [one] Portfolio of { $count } client
   *[other] Portfolio of { $count } clients
}
portfolio-generated = Generated { $at }
portfolio-client = Client
portfolio-level = Level
portfolio-could-not-run = could not run
portfolio-gate = gate

## The Markdown summary and `touchaudit diff`

md-title = Loyalty readiness: { $business }
md-headline = **{ $score } / 100**, level **{ $level }**, coverage { $coverage } (as of { $date }).
md-headline-provisional = **{ $score } / 100**, level **{ $level }**, coverage { $coverage }, provisional (as of { $date }).
md-capped = Level capped by failed critical touchpoints: { $touchpoints }.
md-assessed = Assessed
md-more-fixes = … and { $count } more in the full report.
md-assessed-count = { $assessed } of { $total } touchpoints assessed; { $not_assessed } not assessed (see the report for reasons).
md-since = Since { $date }
md-score-change = Score { $from } → { $to } (**{ $delta }** points)
md-level-before = ; level before: { $level }
md-other-changes = Other changes:
md-not-compared = Not compared (in one result only):
md-reviews = Reviews:

## Repeat audits: notes, review metrics, gates

note-schema-differs = the baseline has schema_version { $before }, this run { $now }: compared where the fields match
note-other-business = these are results for two different businesses ({ $what }), compared because --force was given
note-checklists-differ = the checklists differ ({ $before } before, { $now } now): touchpoints are compared where their ids match
metric-average-rating = average rating
metric-reviews = reviews
metric-reply-rate = reply rate
metric-median-reply-hours = median reply hours
metric-unanswered-negative = unanswered negative reviews
gate-no-score = no score
gate-at-least = score { $score } is at least { $bar }
gate-below = score { $score } is below { $bar }
gate-drop = score { $direction ->
    [dropped] dropped
   *[rose] rose
} by { $points } points since { $since } (at most { $max } allowed)
gate-no-scores = no score to compare: this run or the baseline has none
gate-first-run = no earlier run to compare with (first run): not checked
gate-touchpoint-status = { $id } is { $status }
gate-touchpoint-missing = { $id } is not in this result

## Sources: what was read

src-gave-nothing = { $source } gave no usable record
src-used-by = { $count ->
    [one] { $count } touchpoint uses it
   *[other] { $count } touchpoints use it
}
src-offline-scores = { $count ->
    [one] { $count } touchpoint scored by the auditor
   *[other] { $count } touchpoints scored by the auditor
}
src-offline-figures = { $count ->
    [one] { $count } client figure
   *[other] { $count } client figures
}
src-survey-rows = { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}, { $empty } empty
src-survey-answers = answers: { $nps } NPS, { $csat } CSAT, { $ces } CES
src-line = line { $line }: { $text }
survey-unreadable-row = unreadable row: { $error }
survey-not-a-number = is not a number
survey-not-whole = is not a whole number on { $low }-{ $high }
survey-outside = is outside { $low }-{ $high }
src-invalid-cells = … { $count } invalid cells in all
src-problems-in-all = … { $count ->
    [one] { $count } problem in all
   *[other] { $count } problems in all
}
src-review-source = { $platform } ({ $format }, { $location }): { $count ->
    [one] { $count } review
   *[other] { $count } reviews
}
src-reviews-merged = { $count ->
    [one] { $count } review
   *[other] { $count } reviews
} after merging; { $duplicates } duplicates across sources removed
src-feed-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
src-serm-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}: { $own } own, { $positive } positive, { $neutral } neutral, { $negative } negative
src-site-read = { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
} read, { $fetched } URLs fetched, { $checked } links and images checked
src-site-broken = { $count ->
    [one] { $count } broken link
   *[other] { $count } broken links
}
src-robots = robots.txt answered { $status }; { $disallowed ->
    [one] { $disallowed } URL
   *[other] { $disallowed } URLs
} disallowed for us
src-robots-not-read = robots.txt: not read
src-sitemap = sitemap: { $urls } URLs in { $files ->
    [one] { $files } file
   *[other] { $files } files
}
src-settings = settings: max_pages { $max_pages }, max_depth { $max_depth }, { $concurrency } requests at once and { $rate }, timeout { $timeout } s, robots.txt { $robots ->
    [honoured] honoured
   *[ignored] ignored
}
src-rate = { $rate } requests/s per host
src-no-rate-limit = no rate limit
page-answered = answered { $status }
page-cut = cut at max_page_bytes
page-nested-too-deep = read only up to where its elements nest deeper than { $depth } levels
page-bad-bytes = bytes not valid in its charset ({ $charset })
page-not-html = not HTML ({ $content_type })
page-no-content-type = no content type

## Crawl limits, settings and fetch failures

crawl-time-limit = the crawl stopped at its time limit of { $seconds } s; { $count ->
    [one] { $count } page was not fetched
   *[other] { $count } pages were not fetched
}
crawl-max-pages = the crawl stopped at max_pages = { $max_pages }; { $count ->
    [one] { $count } more page was found but not fetched
   *[other] { $count } more pages were found but not fetched
}
crawl-max-depth = { $count ->
    [one] { $count } link deeper than max_depth = { $max_depth } was not followed
   *[other] { $count } links deeper than max_depth = { $max_depth } were not followed
}
crawl-query-variants = { $count ->
    [one] { $count } URL was skipped as a query-string variant beyond { $per_path } per path (a crawl trap such as a calendar?)
   *[other] { $count } URLs were skipped as query-string variants beyond { $per_path } per path (a crawl trap such as a calendar?)
}
crawl-robots-ignored = robots.txt was not honoured (robots = false in [crawl])
crawl-no-rate-limit = the per-host rate limit was off
crawl-blocked = the site's protection refused the crawler { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
} and { $links ->
    [one] { $links } link check
   *[other] { $links } link checks
}: counted as blocked, not broken (allow the touchaudit user agent in the protection's settings to read them)
crawl-read-past-protection = { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
} that the site's protection refused the crawler were read in the browser, as visitors see them
crawl-browser-refused = the site's protection refused the browser too { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}: they stay blocked, not broken
fetch-dns = host name not found
fetch-connect = connection failed
fetch-timeout = timed out
fetch-redirect-loop = redirect loop
fetch-too-many-redirects = too many redirects
fetch-body = broken response body
fetch-other = request failed
fetch-blocked = refused by the site's protection (a bot challenge or a rate limit), not broken

## Why a source was not read

gather-no-offline = no offline.toml given: set `offline` in audit.toml
gather-no-survey = no survey given: set [survey] `file` in audit.toml
gather-no-site = no website given: set `site` in [business] of audit.toml
gather-no-reviews = no review source given: add a [[reviews]] entry to audit.toml
gather-no-mentions = no mention feed given: add a [[mentions]] entry to audit.toml
gather-no-serm = no brand search results given: save the first results page for the brand name and set [serm] file
gather-reputation-stopped = reading the reputation sources stopped unexpectedly
gather-rival-stopped = gathering this rival's sources stopped unexpectedly
gather-robots-unread = no page of { $site } could be fetched: robots.txt could not be read ({ $error })
gather-robots-disallows = no page of { $site } was fetched: robots.txt disallows crawling it
gather-no-page = no page of { $site } could be fetched

## Website rules

override-note = Set by the auditor: { $note }
override-fix = The auditor judged this touchpoint by hand: { $note }
site-failing-audits = fails { $audits }
site-did-not-answer = { $site } did not answer ({ $error })
site-blocked = the site's protection refused the crawler { $site } ({ $error }): allow the touchaudit user agent in its settings, or run with Chromium installed and [crawl] render = "auto" so the browser reads it as visitors do
site-blocked-browser-too = the site's protection refused the crawler { $site } ({ $error }), and the browser too: allow the touchaudit user agent in its settings
site-no-html = no HTML page of { $site } could be read
site-pages-share = { $good } of { $total ->
    [one] { $total } page
   *[other] { $total } pages
} ({ $share })
site-found-target = found and working
site-start-disallowed = robots.txt disallows the start page, so it was not fetched
site-start-not-fetched = the start page was not fetched
site-no-answer = no answer
site-pages-read = { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
} read, { $fetched } URLs fetched in all
site-js-rendered = { $page } looks rendered by JavaScript: its findings may be incomplete
site-answers-2xx = the site answers
site-plain-http = served over plain HTTP
site-no-viewport = no viewport meta tag
site-viewport-not-device = viewport `{ $viewport }` is not device-width
site-page-kb = { $kb } KB
site-page-kb-cut = { $kb } KB (cut at the byte limit)
site-speed-figure = median { $median } ms, 90th percentile { $p90 } ms over { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
site-broken-item = { $target } ({ $why }), on { $page }
site-n-broken = { $count } broken
site-home-unread = the home page could not be read
site-contact = { $what ->
    [phone] phone
    [email] email
   *[address] address
}
site-found-on = { $what } found on { $page }
site-not-near-home = not found near the home page: { $missing }
site-contacts-found = { $found } of { $required } found within { $clicks ->
    [one] { $clicks } click
   *[other] { $clicks } clicks
} of home
site-stated-on = stated on { $page }
site-hours-not-found = not found on the home page or one click from it
site-near-checked = { $count ->
    [one] { $count } page near the home page checked
   *[other] { $count } pages near the home page checked
}
site-no-form = no contact form found (one that takes a message, a phone or an email)
site-form-broken = the form on { $page } sends to { $action }: { $answer }
site-form-unreached = form on { $page } does not reach its action
site-form-on = { $kind } on { $page }
form-kind-message = message form
form-kind-booking = booking or order form
form-kind-callback = callback form
form-kind-subscription = subscription form
site-no-prices = no prices page found (path `{ $path }` or a prices title)
site-prices-shows = { $page } shows the date { $date }
site-prices-undated = the prices page ({ $page }) shows no date, sends no Last-Modified and has no sitemap lastmod
site-term = { $term ->
    [guarantee] guarantee
    [refund] refund
    [delivery] delivery
   *[other] { $term }
}
site-address-on = address “{ $address }” found on { $page }
site-map-on = a map ({ $map }) on { $page }, with no address written out near the home page
site-term-section = { $term }: the section “{ $heading }” on { $page }
site-privacy-page = { $page } is the privacy policy
site-privacy-section = the section “{ $heading }” on { $page }
site-privacy-link = { $page } links to the privacy policy { $target }
site-privacy-link-broken = { $page }: the privacy policy link { $target } is broken
site-privacy-missing = { $page }: a form that takes personal data, with no link to a privacy policy
site-privacy-share = { $good } of { $total } pages with a form lead to a privacy policy
site-privacy-no-forms = no privacy policy found anywhere on the site (no form takes contacts, but analytics and cookies process personal data too)
legal-entity = the legal entity's name
legal-number = its registration number
site-legal-entity-on = legal entity “{ $entity }” on { $page }
site-legal-number-on = registration number “{ $number }” on { $page }
site-legal-stated = the legal entity and its registration number are stated
site-legal-missing = not stated: { $missing }
site-legal-none = no legal entity or registration number on any of { $pages } pages
site-reviews-widget = a review widget ({ $widget }) on { $page }
site-reviews-page = a reviews page: { $page }
site-reviews-section = customer reviews: the section “{ $heading }” on { $page }
site-reviews-marked = reviews in the structured data of { $page }
site-no-reviews = no customer reviews or testimonials shown on the site
site-no-page-for = no page found for: { $missing }
site-no-loyalty = no loyalty program page found
site-links-to-broken = { $page } links to { $target }: { $answer }
site-page-works = { $page } works
site-page-broken-links = { $page } has broken links
site-no-lang = no lang attribute
site-no-structured = no LocalBusiness structured data found
site-types-on = { $types } on { $page }
site-missing = missing: { $missing }
site-self-rating = rating markup about the business itself is present: search engines show no stars for such self-serving reviews, so it earns nothing here
site-n-of-m-properties = { $found } of { $total } properties
site-text-missing = { $what ->
    [title] no title
   *[description] no description
}
site-text-short = { $what ->
    [title] title
   *[description] description
} too short ({ $length } characters)
site-text-long = { $what ->
    [title] title
   *[description] description
} too long ({ $length } characters)
site-text-shared = { $what ->
    [title] title
   *[description] description
} shared with another page
site-h1-count = { $count ->
    [0] no h1
    [one] { $count } h1 heading
   *[other] { $count } h1 headings
}
site-sitemap-disallowed = in the sitemap but disallowed by robots.txt
site-noindex = marked noindex
site-no-sitemap = no sitemap found
site-sitemap-empty = the sitemap lists no page of the site
site-sitemap-url-error = listed in the sitemap, answers { $status }
site-sitemap-url-unreachable = listed in the sitemap, does not answer
site-sitemap-url-redirects = listed in the sitemap, redirects to { $to }
site-sitemap-unhealthy = sitemap URLs that answer an error or redirect: { $count }
site-orphan = in the sitemap but linked from no page (orphan)
site-not-in-sitemap = not in the sitemap
site-no-canonical = no canonical link
site-canonical-broken = canonical { $target } answers { $status }
site-canonical-off-site = canonical { $target } points off the site
site-n-profiles = { $count ->
    [one] { $count } profile
   *[other] { $count } profiles
}
site-chat-widget = a chat widget
site-what-on = { $what } on { $page }
site-messenger-broken = a messenger link without https:// leads nowhere
site-link-no-scheme = { $href } on { $page } has no https://, so a browser opens a page of the site that does not exist: write https://{ $href }
site-no-chat = no chat widget or messenger link found
site-signup-on = sign-up on { $page }
site-no-newsletter = no newsletter sign-up found
site-check-not-run = this check was not run during the crawl
site-no-page-matches = no crawled page matches `{ $path }`
site-check-missing = not found
site-check-found = found
serm-none-in-top = no result in the first { $top } positions
serm-not-negative = { $good } of the first { $total } results are not negative ({ $own } the business's own)

## Review and mention rules

rev-no-text = (no text)
rev-none-in-window = { $what ->
    [review] no review
    [reply] no owner reply
    [dated-reply] no dated owner reply
   *[mention] no mention
} in the { $days } days before { $date }
rev-none-up-to = { $what ->
    [review] no review
    [reply] no owner reply
    [dated-reply] no dated owner reply
   *[mention] no mention
} up to { $date }
rev-platform-rating = { $platform }: { $stars }★ from { $count ->
    [one] { $count } review
   *[other] { $count } reviews
}
rev-as-the-platform-shows = (as the platform shows it; { $read ->
    [one] 1 review
   *[other] { $read } reviews
} read)
nap-name = name
nap-address = address
nap-phone = phone
nap-website = website
nap-hours = opening hours
nap-from-audit = your own details
nap-from-site = the site
nap-no-listing = no listing export states the business's details (an Apify or Outscraper place export does)
nap-nothing-to-compare = the listings and the reference share no field to compare
nap-not-compared = { $source }: phone and address not compared, nothing to compare them with (give `phone` and `address` in [business] of audit.toml, or publish them on the site)
nap-missing = { $source } gives no { $field }
nap-matches = { $source }: { $field } { $value } matches
nap-differs = { $source } lists { $field } { $value }, not { $expected } ({ $from })
nap-text = { $share } of the details match ({ $differs ->
    [0] none differs
    [one] 1 differs
   *[other] { $differs } differ
})
rev-states = { $platform } states { $stars }★
rev-from-n-reviews = from { $count ->
    [one] { $count } review
   *[other] { $count } reviews
}
rev-self-published = (published by the business about itself: search engines show no stars for it, so it is not scored)
rev-rating-text = { $stars }★ ({ $count ->
    [one] { $count } review
   *[other] { $count } reviews
})
rev-per-month-text = { $per_month } per month ({ $count } in { $days } days)
rev-answered-text = { $answered } of { $reviews } answered ({ $share })
rev-reply-time-text = median { $median } (90 % within { $p90 })
rev-replies-timed = { $count ->
    [one] { $count } reply timed
   *[other] { $count } replies timed
}; an edited reply carries its edit time, so these are upper bounds
rev-replies-undated = { $count ->
    [one] { $count } reply has no date and is not timed
   *[other] { $count } replies have no date and are not timed
}
rev-replies-before-review = { $count ->
    [one] { $count } reply is dated before its review (the review was edited later) and is not timed
   *[other] { $count } replies are dated before their review (the review was edited later) and are not timed
}
rev-n-in-days = { $count } in { $days } days
rev-no-expected-platforms = no expected platforms: list them in audit.toml, [reputation] platforms = ["Google", …]
rev-platforms-text = { $found } of { $expected } expected platforms
rev-read-from = reviews read from: { $platforms }
rev-none-on = no reviews found on: { $platforms }
rev-canned-text = { $repeated } of { $total } replies repeat another ({ $share })
rev-negative-text = { $negative } of { $total } negative ({ $share })

## Offline scores and survey metrics

man-no-score = no score for `{ $id }` in { $file }
man-marked-na = marked not applicable in { $file }
man-assessed-on = assessed on { $date }
man-items-for-score = { $file } gives items for `{ $id }`, which takes a score
man-score-for-items = { $file } gives a score for `{ $id }`, which takes items
man-no-items = no items checked for `{ $id }` in { $file }
man-on-scale = { $score } on { $min }–{ $max }
man-items-met = { $met } of { $total } items met
man-items-met-share = { $met } of { $total } items met ({ $share })
man-not-met = not met: { $items }
man-not-checked = not checked: { $items }
met-no-answers = { $file } has no { $metric } answers
met-too-few = only { $count } { $metric } answers in the survey; at least { $min } are needed for a meaningful figure
met-nps-split = { $answers } answers: { $promoters } promoters ({ $promoters_share }), { $passives } passives ({ $passives_share }), { $detractors } detractors ({ $detractors_share })
met-margin = 95 % margin of error ±{ $margin }
met-csat-figure = { $satisfied } of { $answers } answers are 4 or 5; mean { $mean } of 5
met-ces-figure = { $answers } answers; { $easy } found it easy (5-7)
met-of-7 = { $value } of 7
met-client-figure = { $key } = { $value } (client's figure)
met-no-figure = the client's figure `{ $key }` is not in [figures] of { $file }

## Reading review exports, pages, feeds and search results

in-no-rating = no rating
in-not-a-rating = `{ $text }` is not a rating
in-rating-bad-scale = rating `{ $text }` is on a scale of { $scale }, which is no rating scale (1 to 100)
in-rating-outside = rating `{ $text }` is outside 0-{ $scale }
in-no-date = no date
in-not-a-timestamp = `{ $text }` is not a time stamp
in-not-a-date = `{ $text }` is not a date touchaudit reads (use e.g. 2026-10-01 or 2026-10-01T14:05:00+03:00)
in-reply-date = reply date: { $error }
in-no-field = no `{ $field }`
in-no-value = no { $what ->
    [rating] rating
   *[date] date
} in `{ $column }`
in-not-found = no { $what ->
    [rating] rating
   *[date] date
} found
in-empty-file = { $name }: the file is empty
in-malformed-json = { $name }: malformed JSON at line { $line }, column { $column }: { $error }
in-not-gbp = { $name }: not a Business Profile reviews export (no `reviews` list)
in-record = { $name } record { $record }: { $problem }
in-open-quote = { $name }, line { $line }: a quote (") opened there is never closed, so the { $rows } rows after it were read as one cell; close the quote or remove it
in-line = { $name } line { $line }: { $problem }
in-no-header = { $name }: cannot read the header: { $error }
in-no-column = { $name }: no `{ $column }` column for the { $what ->
    [rating] rating
   *[date] date
} (the header has: { $header }); set [reviews.columns] { $what }
in-not-array = { $name }: expected a JSON array of reviews
in-no-usable-review = { $name }: none of its { $count ->
    [one] record
   *[other] { $count } records
} could be used: { $problems }
in-no-reviews-in = { $name }: no reviews in it
in-no-review-read = no review could be read: { $errors }
in-html-needs-rules = { $name }: an html source needs `rules`
in-jsonld-malformed = { $name }: JSON-LD block { $block } is malformed: { $error }
in-no-jsonld = { $name }: no JSON-LD (`<script type="application/ld+json">`) in the page
in-testimonials = { $name }: { $count } Review items in the business's own markup are testimonials it chose, not counted
in-jsonld-review = { $name } Review { $record }: { $problem }
in-page-review = { $name } review { $number }: { $problem }
in-container-nothing = { $name }: the container selector `{ $selector }` of { $rules } matched nothing; the page's layout may have changed
in-not-platform = { $name } is not a { $platform } reviews export (its records have no reviews list)
in-hidden-reviews = { $name }: { $count ->
    [one] 1 review hidden by the platform was
   *[other] { $count } reviews hidden by the platform were
} not counted
in-next-page-outside = { $name }: the next-page link `{ $href }` leads outside the source's folder or site, so it was not followed
in-next-page = next page: { $error }
in-selector-nothing = the `{ $field }` selector of { $rules } matched nothing in { $count ->
    [one] the one review
   *[other] any of the { $count } reviews
  }
in-feed-empty = { $name }: the feed has no entries
in-no-mention-read = no mention could be read: { $errors }
in-feed-malformed = { $name }: not a feed: malformed XML at byte { $byte }: { $error }
in-feed-unclosed = { $name }: not a feed: malformed XML, the file ends inside <{ $element }>
in-feed-root = { $name }: not an RSS or Atom feed (root element <{ $element }>)
in-feed-no-xml = { $name }: not a feed: no XML element in it
in-no-title = (no title)
in-entry = { $name } entry { $number }: { $problem }
in-serm-not-file = { $name }: brand search results are read from a saved file
in-serm-columns = { $name }: needs `url` and `title` columns (the header has: { $header })
in-not-a-url = `{ $url }` is not a URL
in-bad-position = position `{ $position }` is not 1, 2, 3 …
in-serm-empty = { $name }: no search result in it

## touchaudit init: the offline.toml template

init-offline-intro = Offline scores: what the auditor saw, heard and was told. Uncomment a block and fill it in;
    a touchpoint left out is reported as not assessed, not guessed.
    Every block takes `note`, `evidence` (files) and `assessed` (a date) besides its score,
    or `not_applicable = true` with a note when the touchpoint does not apply to this business.
init-weight = weight { $weight }
init-scale = Scale { $scale }; passes at { $pass }, fails at { $fail }.
init-items = Tick each item true or false; passes at { $share } % met.
init-figures = The client's own figures
init-shares = Shares are written from 0 to 1 (31 % is 0.31).
in-not-utf8 = { $name }: not UTF-8 text; save it as UTF-8
web-not-a-url = `{ $url }` is not a URL: { $error }
web-not-http = `{ $url }` is not an http(s) URL
web-robots-unread = its robots.txt could not be read ({ $error })
web-robots-disallows = robots.txt disallows fetching it
web-redirect-elsewhere = redirects to another site ({ $url }), which is not fetched
web-too-long = longer than max_page_bytes ({ $bytes } bytes)
robots-time-limit = not read within the crawl's time limit (max_time_s)
robots-unparsable = cannot parse robots.txt: { $error }
sitemap-gzip = cannot decompress: { $error }
sitemap-root = not a sitemap: root element <{ $element }>
sitemap-entity = unknown entity &{ $entity };
sitemap-unclosed = malformed XML: the file ends inside <{ $element }>
sitemap-malformed = malformed XML at byte { $byte }: { $error }
sitemap-no-root = not a sitemap: no <urlset> or <sitemapindex>
sitemap-too-large = the sitemap is larger than { $bytes } bytes uncompressed (the sitemaps.org limit), so its URLs were not read
sitemap-off-site = not on the audited site, so not fetched
sitemap-time-limit = the crawl's time limit (max_time_s) was reached: { $left } sitemap files not read
sitemap-cut = the sitemap is longer than max_page_bytes ({ $bytes } bytes), so its URLs were not read
sitemap-url-limit = the sitemaps list more URLs than the { $max } read (max_pages × 10): { $skipped } more were not read
sitemap-too-many = more than { $max } sitemap files; the rest were not read
sitemap-bad-loc = invalid <loc> `{ $loc }`

## The NAP table of the reputation section
report-nap = Name, address and phone across listings
report-nap-source = Source
report-nap-expected = Expected
report-nap-reference = { $value } ({ $from })
report-nap-no-reference = —
report-nap-matches = matches
report-nap-differs = differs
report-nap-missing = missing
report-nap-unchecked = not compared
report-nap-line-differs = { $field }: { $value }, expected { $expected }.
report-nap-line-missing = { $field } not given (expected { $expected }).
report-nap-line-match = { $fields }.

## The executive summary, the client view and the agency
report-summary = At a glance
report-next-level = { $count ->
    [one] Fix the first item below and the score reaches { $score }: { $level }.
   *[other] Fix the first { $count } items below and the score reaches { $score }: { $level }.
  }
report-next-level-none = No set of the fixes below lifts the level by itself: the checks not assessed weigh too much.
report-top-level = The score is in the top level.
report-strengths = Strengths
report-show-all-fixes = { $count ->
    [one] Show the fix
   *[other] Show all { $count } fixes
  }
report-smaller-fixes = { $count ->
    [one] One more fix, worth less, is listed in the consultant's report.
   *[other] { $count } more fixes, each worth less, are listed in the consultant's report.
  }
report-not-covered = What this audit did not cover
report-not-covered-offline = The on-site visit (office, staff, mystery shopping) was not part of this audit.
report-not-covered-survey = A customer survey (NPS, CSAT, CES) was not part of this audit.
report-not-covered-site = The website was not part of this audit.
report-not-covered-failed = { $source } gave nothing: { $reason }.
report-not-covered-reviews = Review platforms were not part of this audit.
report-not-covered-mentions = Online mentions were not part of this audit.
report-not-covered-serm = Brand search results were not part of this audit.
report-not-measured = { $count ->
    [one] One more check could not be measured: { $checks }.
   *[other] { $count } more checks could not be measured: { $checks }.
  }
report-prepared-by = Prepared by { $agency }
report-page-of = of
report-how-scored = How the score is computed

## Competitors side by side
rival-heading = Competitors side by side
rival-hint = The same outside checks for every practice: the website, search, reviews and listings. The outside-in score counts only the checks every one of them could be judged on.
rival-metric = Measure
rival-outside-in = Outside-in score
rival-reply-rate = Reviews answered
rival-reply-hours = Median reply time
rival-unanswered = Unanswered negative reviews
rival-https = HTTPS
rival-mobile = Mobile-ready pages
rival-contacts = Contacts on the site
rival-hours = Opening hours on the site
rival-prices = Current prices
rival-loyalty = Loyalty page
rival-accessibility = Accessibility
rival-quadrant = Rating and number of reviews
rival-more-reviews = more reviews →
rival-higher-rating = ↑ higher rating
rival-point = { $name }: rating { $rating }, { $count ->
    [one] 1 review
   *[other] { $count } reviews
  }
rival-where-trail = Where you trail
rival-trails = { $rival }: { $metric } { $theirs }; you { $yours }.
rival-trail-fix = { $rival }: { $theirs }; you: { $yours }.
rival-listing-only = From the listing's "People also search for": rating and review count only, not checked or ranked.
md-rival-gaps = Your lead over rivals (outside-in points, negative: behind):
rival-gap-moved = { $rival }: { $before } → { $now } ({ $delta })
note-outside-in-differs = the outside-in touchpoints differ from the baseline's: the gaps to rivals compare different sets of checks
rival-nap = Name, address and phone consistent
rival-rating = Rating
rival-more = More measures

## The visit form
visit-title = Visit form
visit-score = Score ({ $min }–{ $max })
visit-note = Note
visit-na = Not applicable
visit-date = Date
visit-photo = Photos
visit-progress = { $done } of { $total } scored
visit-export = Export for touchaudit
visit-hint = Your entries stay in this browser until you export them. Send the downloaded zip to the consultant, or run: touchaudit visit import FILE --into FOLDER
visit-storage-full = This browser could not save your last entry (its storage is full, or it is in private mode): export now, so that nothing is lost on a reload.
gate-rank = outside-in rank { $rank } of { $total } (top { $max } required)
gate-no-rivals = no [[competitor]] to rank against
report-draft-reply = Draft reply
report-draft-replies = Draft replies to the unanswered negative reviews
report-appendix = Appendix: the evidence

# Changes tested for noise
verdict-improved = improved
verdict-worsened = worsened
verdict-within-noise = within noise
report-samples = Sample sizes
report-verdict = Verdict
md-score-verdict = Score change: { $verdict } ({ $noise } points of it from changes within noise).
md-moved-by = Moved by: { $touchpoints }.
gate-drop-real = real worsening since { $since }: { $what }
gate-no-real-drop = no real worsening since { $since }
report-measures = Areas, and measured values that changed ({ $count })
report-metric-trends = Key metrics over time ({ $count })
report-touchpoint = Touchpoint
report-trend-alt-of = { $what } over the last runs: { $runs }
report-trend-rating = Average rating
report-trend-reply-rate = Reviews answered
report-trend-nps = NPS
report-trend-csat = CSAT
report-trend-ces = CES (of 7)
report-trend-unanswered = Unanswered negative reviews
report-trend-negative-mentions = Negative mentions
portfolio-trend = Trend
measure-csat-mean = mean of 1–5
measure-ces-easy = share finding it easy (5–7)
measure-negative-reviews = share of negative reviews
crawl-not-rendered = { $pages ->
    [one] { $pages } page looks built by scripts, but no browser was found to render it: it was judged as the server sends it (install Chromium, or set TOUCHAUDIT_CHROMIUM)
   *[other] { $pages } pages look built by scripts, but no browser was found to render them: they were judged as the server sends them (install Chromium, or set TOUCHAUDIT_CHROMIUM)
}
crawl-rendered = { $pages ->
    [one] { $pages } page was read in headless Chromium, as visitors see it
   *[other] { $pages } pages were read in headless Chromium, as visitors see them
}
crawl-render-failed = { $pages ->
    [one] the browser could not render { $pages } page (it did not start, the page did not settle, or the site's protection refused it): it was judged as the server sends it
   *[other] the browser could not render { $pages } pages (it did not start, the pages did not settle, or the site's protection refused it): they were judged as the server sends them
}
crawl-render-limit = rendering stopped at max_rendered_pages = { $max }; pages judged as the server sends them: { $count }
site-rendered-differs = { $page }: what visitors see differs from what the server sends ({ $what }); search engines and link previews may read the page without it
site-vitals-score = score { $score } of 100
site-vitals-target = ≥ { $score }
site-vitals-page = score { $score }: LCP { $lcp } s, TBT { $tbt } ms, CLS { $cls } (FCP { $fcp } s; median of { $loads ->
    [one] { $loads } load
   *[other] { $loads } loads
})
site-vitals-how = measured in headless Chromium as a visitor's phone loads the page (Lighthouse's mobile throttling: slow 4G, 4× slower CPU), cold cache; each metric scores 100 at its Core Web Vitals "good" limit and 0 at its "poor" one, weighted as Lighthouse weighs them
site-speed-server-only = server response times only: no browser measured what visitors wait for (install Chromium, and keep render = "auto" in [crawl])
rev-coverage = { $platform }: from { $read } of { $total } reviews (the platform states { $total }; the export holds { $read })
rev-coverage-sample = { $platform }: from { $read } of { $total } reviews, a sample: under half of the platform's reviews were in the export, so the figure may not hold for all of them
rev-reply-time-undated-platform = { $platform }: reply time not assessed, its export gives no reply dates ({ $count ->
    [one] { $count } reply
   *[other] { $count } replies
} without one)

## listings.profile
profile-no-export = No place export states a listing's profile (claimed, categories, photos …): add the Google Maps place export (Apify, Outscraper), the Business Profile location file or the 2GIS branch.
profile-nothing-carried = The place exports carry none of the profile's fields.
profile-text = { $share } of the profile fields complete over { $listings } listing(s)
profile-complete = { $source }: { $fields }
profile-missing = { $source }: to fix: { $state }
profile-absent = { $source }: not in this export: { $fields }
profile-duplicate = { $platform } has two listings { $shared }: { $first } ({ $first_reviews }) and { $second } ({ $second_reviews })
profile-reviews-held = { $count ->
    [one] { $count } review
   *[other] { $count } reviews
}
profile-reviews-not-exported = not in the exports, reviews unknown
profile-duplicate-fix = Ask the platform to merge the duplicate listing into the one with the most reviews
profile-shared-phone = with one phone
profile-shared-address = at one street address
profile-shared-platform = that it flags as duplicates
profile-claimed = claim status
profile-claimed-yes = claimed by the owner
profile-claimed-no = not claimed by the owner
profile-claimed-fix = Claim and verify the listing, so that only the business edits it and replies as the business
profile-open = open or closed flag
profile-open-yes = shown as open
profile-open-temporarily = marked temporarily closed
profile-open-permanently = marked permanently closed
profile-open-fix = Remove the closed flag at once: customers are told the business is shut
profile-categories = categories
profile-categories-text = { $count ->
    [0] no category
   *[other] categories: { $count } ({ $names })
}, { $min } or more wanted
profile-categories-fix = Add the additional categories that fit the services offered
profile-description = description
profile-description-text = a description of { $chars } characters, { $min } or more wanted
profile-description-fix = Write a description of the services, the area served and what sets the business apart
profile-photos = photos
profile-photos-text = { $count } photos, { $min } or more wanted
profile-photos-fix = Add photos of the premises, the team and the work, and keep adding them monthly
profile-hours = opening hours
profile-hours-yes = opening hours given
profile-hours-no = no opening hours
profile-hours-fix = Add the opening hours
profile-website = website
profile-website-yes = website linked
profile-website-no = no website link
profile-website-fix = Link the website
profile-phone = phone
profile-phone-yes = phone given
profile-phone-no = no phone
profile-phone-fix = Add the phone customers should call
profile-attributes = attributes
profile-attributes-text = { $count } attributes set, { $min } or more wanted
profile-attributes-fix = Set the attributes that apply (service options, accessibility, payments, amenities)
profile-questions = customers' questions
profile-questions-text = { $asked } customer questions, { $unanswered } unanswered
profile-questions-fix = Answer every customer question on the listing as the owner
profile-posts = owner's posts
profile-posts-text = owner posts: { $count }, the newest { $days } days ago
profile-posts-none = no dated owner post
profile-posts-fix = Post an update, an offer or an event at least monthly
profile-special-hours = special hours
profile-special-hours-yes = holiday hours set
profile-special-hours-no = no holiday hours set
profile-special-hours-fix = Set the hours for the coming holidays
profile-pending-edits = pending edits
profile-pending-edits-yes = edits by Google or users wait for review
profile-pending-edits-no = no pending edits
profile-pending-edits-fix = Review the pending edits: accept the right ones and correct the wrong ones
profile-booking = booking link
profile-booking-yes = booking link given
profile-booking-no = no booking link
profile-booking-fix = Add a booking or appointment link if the business takes bookings
report-profiles = Map listing profiles
report-profile-share = { $share } complete
report-profile-complete = complete
report-profile-absent = not in this export
report-profile-duplicate = Duplicate listing: { $first } ({ $first_reviews }) and { $second } ({ $second_reviews })
report-profile-details = Each listing's profile, field by field, with the fixes
report-profile-to-fix = { $count } to fix
rev-unclaimed-on = listings not claimed by the owner on: { $platforms }
report-profile-fix = to fix
report-profile-critical = critical
report-profile-line = { $state }. { $fix }.

## Live review sources (the platforms' APIs)
live-unreachable = { $source }: no answer from { $url } after { $tries } tries: { $error }
live-wait-too-long = { $source } answered { $status } and asked to wait { $seconds } s, longer than the { $max } s waited (MAX_API_RETRY_AFTER_S): run the audit later
live-gave-up = { $source } still answered { $status } to { $url } after { $tries } tries: { $message }
live-status = { $source } answered { $status } to { $url }: { $message }
live-refused = { $source } refused the credential ({ $status }: { $message }): check { $var }. { $how }
live-no-credential = { $source }: { $why }. { $how }
live-token-refused = Google refused the refresh token ({ $message }): check GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GBP_REFRESH_TOKEN. { $how }
live-token-failed = no access token from { $url }: { $error }. { $how }
live-how-apify = The token is in Apify Console, Settings → API & Integrations; give it to the job as the APIFY_TOKEN secret (or APIFY_TOKEN_FILE naming a file).
live-how-gbp = Make an OAuth client (Google Cloud console, APIs & Services → Credentials) in a project with the Business Profile APIs enabled, get a refresh token with the business.manage scope from an account that manages the location, and give GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GBP_REFRESH_TOKEN to the job as secrets.
live-how-outscraper = The API key is made on Outscraper's profile page (app.outscraper.com/profile); give it to the job as the OUTSCRAPER_API_KEY secret.
live-how-2gis = The key of the 2GIS reviews API comes with a 2GIS API account (dev.2gis.com); give it to the job as the DGIS_API_KEY secret.
live-job-failed = { $source }: the request ended as { $status }: { $message }
live-job-pending = { $source }: the request was still running after { $seconds } s of waiting: run the audit later
live-not-saved = { $source }: not among the saved sources in { $dir } ({ $error })
live-too-slow = { $source }: not read within { $seconds } s (SOURCE_TIMEOUT_S)
live-cut-items = { $source }: read the first { $items } of { $total } items, the source's limit (`max_items` = { $max })
live-cut-pages = { $source }: stopped after { $pages } pages ({ $items } items, MAX_PAGES)
live-malformed = { $source }: the answer to { $url } is not what the API documents: { $error }
live-bad-base = { $var } = { $url }: { $why }

## Chains
chain-location-line = { $location }: { $measured }
chain-across = passes at { $passing } of { $count } locations, fails at { $failing }
chain-heading = Locations
chain-hint = Each location judged on its own reviews, listing, visit and survey answers; the site and the brand are the chain's. Sort by any column.
chain-sort = Sort by
chain-col-name = Location
chain-col-score = Score
chain-col-rating = Rating
chain-col-reply = Replies
chain-col-visit = Visit
chain-col-nps = NPS
chain-col-level = Level
chain-problems = Where the chain's problems are
chain-matrix-hint = ✓ passes, ! warns, ✗ fails, – not assessed. Rows failing at half the locations or more are the chain's.
chain-systemic = The chain's problems: one fix in the standards
chain-local = Local problems: fixed where they are
chain-systemic-line = { $title }: fails at { $count } locations ({ $locations })
chain-local-line = { $title }: { $locations }
chain-online-offline = Reviews beside the visit
chain-contrast = { $theme }: { $complaints } of { $negative } negative reviews; { $touchpoint }: { $score }
chain-disagree = disagree
visit-location = Location
portfolio-locations = { $count ->
    [one] { $count } location
   *[other] { $count } locations
}
portfolio-local = { $count ->
    [one] { $count } local problem
   *[other] { $count } local problems
}
chain-site-page = The site has a page for the location with its address, phone and hours
live-no-location = { $source }: the location's details (the listing) could not be read, the reviews are: { $error }
gather-reviews-per-location = read per location, with each of the { $count } locations (see Locations)
gather-offline-per-location = the visits and offline scores are each location's, of the { $count } locations (see Locations)
chain-fix-systemic = The chain's problem, at { $count } locations ({ $locations }): one fix in the standards.
chain-fix-local = At { $locations } only.
