//! robots.txt: fetched once for the site, rules for touchaudit's own token before `*`, crawl-delay, sitemaps.

use texting_robots::Robot;
use url::Url;

use super::facts::RobotsFacts;
use super::fetch::Fetcher;
use crate::msg;

/// The product token robots.txt groups are matched against.
pub(crate) const AGENT_TOKEN: &str = "touchaudit";

/// The site's robots.txt rules as the crawler applies them.
pub(crate) enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<Robot>),
}

impl Rules {
    pub(crate) fn allowed(&self, url: &Url) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }
}

/// Reads robots.txt as RFC 9309 says: 4xx means no rules; 5xx or no answer means "disallow all" for now.
pub(crate) async fn load(fetcher: &Fetcher, start: &Url, honour: bool) -> (Rules, RobotsFacts) {
    let mut facts = RobotsFacts { honoured: honour, ..RobotsFacts::default() };
    let Ok(url) = start.join("/robots.txt") else {
        return (Rules::AllowAll, facts);
    };
    facts.url = url.to_string();
    // A redirect to another site is not followed: its robots.txt is not this site's, and nothing outside
    // the audited site is fetched. An unfollowed redirect reads as no robots.txt (RFC 9309: unavailable).
    let site = super::urls::site_key(start);
    let fetched = fetcher.get(&url, site.as_deref(), |_| true, |_| true).await;
    facts.status = fetched.status;
    let rules = match (fetched.status, &fetched.error) {
        // The site's protection answered instead: robots.txt is unavailable to the crawler, which RFC 9309
        // reads as no rules; the pages' own answers (blocked too, most likely) say the rest.
        (_, Some(error)) if error.kind == super::facts::ErrorKind::Blocked => Rules::AllowAll,
        (_, Some(error)) => {
            facts.error = Some(error.describe());
            Rules::DisallowAll
        }
        (Some(200..=299), None) => match Robot::new(AGENT_TOKEN, &fetched.body) {
            Ok(robot) => {
                facts.crawl_delay_s = robot.delay.map(f64::from);
                facts.sitemaps = robot.sitemaps.clone();
                Rules::Parsed(Box::new(robot))
            }
            Err(e) => {
                facts.error = Some(msg!("robots-unparsable", error = e.to_string()));
                Rules::AllowAll
            }
        },
        (Some(500..), None) => {
            facts.error = Some(msg!("page-answered", status = fetched.status.unwrap_or(0)));
            Rules::DisallowAll
        }
        _ => Rules::AllowAll,
    };
    facts.disallows_all = !rules.allowed(start);
    if !honour {
        return (Rules::AllowAll, facts);
    }
    (rules, facts)
}
