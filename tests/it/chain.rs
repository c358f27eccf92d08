//! Chains (#31): one audit of a business with several locations. Per-location figures against an independent
//! computation from the same files, a problem planted in most locations reported once as the chain's, one
//! planted in one location reported under it only, and NAP against each location's own details.

use serde_json::{Value, json};

use crate::apis::{gbp_review, reviews};
use crate::{read_json, scratch, touchaudit};

/// A Business Profile export of one location: its listing (name, address, phone) and its reviews, replied to
/// (`replied`) or not.
fn gbp_export(phone: &str, seed: u64, replied: bool) -> String {
    let location = json!({
        "title": "Harbour Dental", "storefrontAddress": {"addressLines": ["1 Main St"], "locality": "Springfield"},
        "phoneNumbers": {"primaryPhone": phone}, "websiteUri": "https://harbour.example/"
    });
    let mut list: Vec<Value> = reviews(40, seed).iter().map(gbp_review).collect();
    if !replied {
        for review in &mut list {
            review.as_object_mut().unwrap().remove("reviewReply");
        }
    }
    format!("{location}\n{}", json!({"reviews": list}))
}

fn offline(politeness: u8) -> String {
    format!(
        "[scores.\"staff.politeness\"]\nscore = {politeness}\nnote = \"Visit of 2026-11-20.\"\nassessed = 2026-11-20\n"
    )
}

const PHONES: [&str; 4] = ["+1 555-0101", "+1 555-0102", "+1 555-0103", "+1 555-0104"];

fn chain_audit() -> String {
    let mut audit = String::from("[business]\nname = \"Harbour Dental\"\nas_of = 2026-12-01\n\n");
    for (i, phone) in PHONES.iter().enumerate() {
        let n = i + 1;
        audit.push_str(&format!(
            "[[location]]\nname = \"Branch {n}\"\naddress = \"1 Main St, Springfield\"\nphone = \"{phone}\"\noffline = \"b{n}/offline.toml\"\n\n[[location.reviews]]\nformat = \"gbp\"\nfile = \"b{n}/gbp.json\"\n\n"
        ));
    }
    audit
}

/// Four branches: replies are missing at three of them (systemic); staff politeness fails at branch 2 only
/// (local); branch 3's listing shows another phone than its own (NAP fails there only).
pub fn chain_files() -> Vec<(String, String)> {
    vec![
        ("audit.toml".into(), chain_audit()),
        ("b1/gbp.json".into(), gbp_export(PHONES[0], 11, false)),
        ("b2/gbp.json".into(), gbp_export(PHONES[1], 12, false)),
        ("b3/gbp.json".into(), gbp_export("+1 555-0199", 13, true)),
        ("b4/gbp.json".into(), gbp_export(PHONES[3], 14, false)),
        ("b1/offline.toml".into(), offline(5)),
        ("b2/offline.toml".into(), offline(1)),
        ("b3/offline.toml".into(), offline(5)),
        ("b4/offline.toml".into(), offline(4)),
    ]
}

#[test]
fn a_chain_is_judged_per_location_with_systemic_and_local_problems_apart() {
    let files = chain_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&borrowed);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    let locations = result["locations"].as_array().expect("locations");
    assert_eq!(locations.len(), 4);
    let status = |branch: usize, id: &str| -> String {
        let touchpoints = locations[branch - 1]["touchpoints"].as_array().unwrap();
        touchpoints
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["status"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    for branch in [1, 2, 4] {
        assert_eq!(status(branch, "reviews.response_rate"), "fail", "branch {branch}");
        assert_eq!(status(branch, "listings.nap"), "pass", "branch {branch}");
    }
    assert_ne!(status(3, "reviews.response_rate"), "fail");
    assert_eq!(status(3, "listings.nap"), "fail");
    assert_eq!(status(2, "staff.politeness"), "fail");
    assert_eq!(status(1, "staff.politeness"), "pass");

    // Independent computation: each branch's reply rate is what its file holds in the reply window.
    for (branch, replied) in [(1, false), (3, true)] {
        let rate = locations[branch - 1]["reply_rate"].as_f64().unwrap();
        if replied {
            assert!(rate > 0.5, "branch {branch}: {rate}");
        } else {
            assert_eq!(rate, 0.0, "branch {branch}");
        }
    }

    let chain = &result["chain"];
    let systemic: Vec<&str> =
        chain["systemic"].as_array().unwrap().iter().map(|p| p["touchpoint"].as_str().unwrap()).collect();
    assert!(systemic.contains(&"reviews.response_rate"), "{chain}");
    assert!(!systemic.contains(&"staff.politeness") && !systemic.contains(&"listings.nap"), "{chain}");
    let local = chain["local"].as_array().unwrap();
    let politeness = local.iter().find(|p| p["touchpoint"] == "staff.politeness").expect("local politeness");
    assert_eq!(politeness["locations"], json!(["Branch 2"]));
    let nap = local.iter().find(|p| p["touchpoint"] == "listings.nap").expect("local NAP");
    assert_eq!(nap["locations"], json!(["Branch 3"]));
    assert_eq!(locations[1]["local"], json!(["staff.politeness"]));
    assert!(locations[0]["local"].as_array().unwrap().is_empty());

    // The chain's figure is the location-weighted one: three of four branches fail the reply rate.
    let chain_rate =
        result["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == "reviews.response_rate").unwrap();
    assert_eq!(chain_rate["status"], "fail");
    assert!(
        chain_rate["measured_text"].as_str().unwrap().contains("passes at 0 of 4 locations, fails at 3"),
        "{chain_rate}"
    );
    let fix = result["fix_first"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "reviews.response_rate")
        .expect("in fix-first");
    assert_eq!(fix["locations"], json!(["Branch 1", "Branch 2", "Branch 4"]));
}

#[test]
fn init_writes_a_chain_skeleton_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["init", "--locations", "3", "."], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for n in 1..=3 {
        assert!(dir.path().join(format!("locations/location-0{n}.toml")).is_file());
    }
    let check = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("3 locations: Location 1, Location 2, Location 3"), "{}", check.stdout);
    let too_many = touchaudit(&["init", "--locations", "100000", "more"], dir.path());
    assert_ne!(too_many.code, 0);
    assert!(too_many.stderr.contains("MAX_LOCATIONS"), "{}", too_many.stderr);
}

#[test]
fn a_survey_marks_each_locations_answers() {
    let files = chain_files();
    let mut borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let audit = format!("{}\n[survey]\nfile = \"survey.csv\"\nlocation = \"store\"\n", files[0].1);
    let survey = "store,nps\nBranch 1,10\nBranch 1,9\nBranch 1,3\nBranch 2,0\nBranch 2,2\nbranch 2 ,10\nElsewhere,10\n";
    borrowed[0].1 = &audit;
    borrowed.push(("survey.csv", survey));
    let dir = scratch(&borrowed);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    let nps: Vec<Value> = result["locations"].as_array().unwrap().iter().map(|l| l["nps"].clone()).collect();
    // Branch 1: 2 promoters, 1 detractor of 3; branch 2: 1 promoter, 2 detractors of 3 (case and spaces aside).
    assert_eq!(nps, [json!(33.3), json!(-33.3), Value::Null, Value::Null]);
}

#[test]
fn data_csv_has_each_locations_rows_under_its_name() {
    let files = chain_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&borrowed);
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "out"], dir.path()).code, 0);
    let csv = std::fs::read_to_string(dir.path().join("out/data.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains(",Branch 2,") && l.contains("staff.politeness")).expect("branch 2's row");
    assert!(row.contains(",fail,"), "{row}");
    let chain_row = csv.lines().find(|l| l.contains("Harbour Dental,,") && l.contains("reviews.response_rate"));
    assert!(chain_row.is_some_and(|r| r.contains(",fail,")), "the chain's own row: {chain_row:?}");
    let reviews = std::fs::read_to_string(dir.path().join("out/data-reviews.csv")).unwrap();
    assert!(reviews.lines().any(|l| l.contains(",Branch 3,all,40,")), "{reviews}");
}

#[test]
fn the_demo_writes_its_chain_example_with_one_systemic_and_a_local_problem() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["demo", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/chain/result.json"));
    assert_eq!(result["locations"].as_array().unwrap().len(), 3);
    let chain = &result["chain"];
    assert_eq!(chain["systemic"].as_array().unwrap().len(), 1, "{chain}");
    assert_eq!(chain["systemic"][0]["touchpoint"], "reviews.response_rate");
    assert!(chain["local"].as_array().unwrap().iter().all(|p| p["locations"] == json!(["Harbour Street"])), "{chain}");
    let harbour = &result["locations"][0];
    assert!(
        harbour["online_offline"].as_array().unwrap().iter().any(|o| o["theme"] == "staff" && o["disagree"] == true)
    );
    let report = std::fs::read_to_string(dir.path().join("out/chain/report.html")).unwrap();
    assert!(report.contains("league-rows") && report.contains("Harbour Street"));
}

#[test]
fn the_visit_form_asks_for_the_location_and_the_import_fills_that_locations_file() {
    let files = chain_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&borrowed);
    let form = touchaudit(&["visit", "audit.toml", "-o", "visit.html"], dir.path());
    assert_eq!(form.code, 0, "{}", form.stderr);
    let html = std::fs::read_to_string(dir.path().join("visit.html")).unwrap();
    assert!(html.contains("<select id=\"location\" required>") && html.contains("<option>Branch 4</option>"));
    let visit = "[scores.\"staff.politeness\"]\nscore = 2\nnote = \"Curt at the desk.\"\nassessed = 2026-11-28\n";
    let zip = crate::bad_input::zip_of(&[("offline.toml", visit.as_bytes()), ("location.txt", b"Branch 4")]);
    std::fs::write(dir.path().join("visit.zip"), zip).unwrap();
    let run = touchaudit(&["visit", "import", "visit.zip", "--into", ".", "--merge"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let b4 = std::fs::read_to_string(dir.path().join("b4/offline.toml")).unwrap();
    assert!(b4.contains("Curt at the desk."), "{b4}");
    assert!(!std::fs::read_to_string(dir.path().join("b1/offline.toml")).unwrap().contains("Curt"));
    // A location the audit does not have is refused, and nothing changes.
    let zip = crate::bad_input::zip_of(&[("offline.toml", visit.as_bytes()), ("location.txt", b"Branch 9")]);
    std::fs::write(dir.path().join("other.zip"), zip).unwrap();
    let refused = touchaudit(&["visit", "import", "other.zip", "--into", ".", "--merge"], dir.path());
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("`Branch 9`, which is no [[location]]"), "{}", refused.stderr);
}

#[test]
fn a_batch_shows_a_chain_as_one_row_that_opens_into_its_locations() {
    let files = chain_files();
    let mut owned: Vec<(String, String)> = files.into_iter().map(|(n, t)| (format!("chain/{n}"), t)).collect();
    let single = "[business]\nname = \"Solo Dental\"\nas_of = 2026-12-01\n\n[[reviews]]\nformat = \"gbp\"\nfile = \"gbp.json\"\n";
    owned.push(("solo/audit.toml".into(), single.into()));
    owned.push(("solo/gbp.json".into(), gbp_export("+1 555-0999", 21, true)));
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&borrowed);
    let run = touchaudit(&["batch", "chain", "solo", "-o", "portfolio"], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let portfolio = read_json(&dir.path().join("portfolio/portfolio.json"));
    let clients = portfolio["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 2, "one row per client, the chain one of them");
    let chain = clients.iter().find(|c| c["name"] == "Harbour Dental").unwrap();
    assert_eq!(chain["locations"].as_array().unwrap().len(), 4);
    let solo = clients.iter().find(|c| c["name"] == "Solo Dental").unwrap();
    assert!(solo.get("locations").is_none());
    let index = std::fs::read_to_string(dir.path().join("portfolio/index.html")).unwrap();
    assert!(index.contains("<summary>4 locations</summary>") && index.contains("Branch 2"), "{index}");
}

#[test]
fn each_location_is_matched_to_its_page_on_the_chains_site() {
    use crate::server::{TestServer, html, not_found};
    let server = TestServer::start(|path| match path {
        "/" => html(
            "<html><head><title>Harbour Dental</title></head><body><h1>Harbour Dental</h1><a href=\"/centre\">Centre</a> <a href=\"/quay\">Quay</a></body></html>",
        ),
        "/centre" => html(
            "<html><head><title>Centre branch</title></head><body><h1>Harbour Dental Centre</h1><address>12 Baker Street, Springfield</address><a href=\"tel:+15550101\">+1 555-0101</a></body></html>",
        ),
        "/quay" => html(
            "<html><head><title>Quay branch</title></head><body><h1>Harbour Dental Quay</h1><a href=\"tel:+15550177\">+1 555-0177</a></body></html>",
        ),
        _ => not_found(),
    });
    let mut audit =
        format!("[business]\nname = \"Harbour Dental\"\nsite = \"{}/\"\nas_of = 2026-12-01\n\n", server.base);
    for (name, address, phone) in [
        ("Harbour Dental Centre", "12 Baker Street, Springfield", "+1 555-0101"),
        ("Harbour Dental Quay", "3 Quay Road, Springfield", "+1 555-0102"),
        ("Harbour Dental Hill", "9 Hill Road, Springfield", "+1 555-0103"),
    ] {
        audit.push_str(&format!("[[location]]\nname = \"{name}\"\naddress = \"{address}\"\nphone = \"{phone}\"\n\n"));
    }
    let dir = scratch(&[("audit.toml", &audit)]);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    let page = |i: usize| result["locations"][i]["site_page"].clone();
    assert_eq!(page(0)["status"], "pass", "{}", page(0));
    assert!(page(0)["url"].as_str().unwrap().ends_with("/centre"));
    assert_eq!((page(0)["address"].clone(), page(0)["phone"].clone()), (json!(true), json!(true)));
    assert_eq!(page(1)["status"], "warn", "{}", page(1));
    assert_eq!(page(1)["phone"], false, "the Quay page shows another phone");
    assert_eq!(page(2)["status"], "fail");
    assert!(page(2)["url"].is_null());
    let local = result["chain"]["local"].as_array().unwrap();
    assert!(
        local
            .iter()
            .any(|p| p["touchpoint"] == "site.location_page" && p["locations"] == json!(["Harbour Dental Hill"])),
        "{local:?}"
    );
}

#[test]
fn a_visit_form_for_one_location_is_prefilled_from_its_own_file() {
    let files = chain_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch(&borrowed);
    let run = touchaudit(&["visit", "audit.toml", "--location", "Branch 2", "-o", "b2.html"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("b2.html")).unwrap();
    assert!(html.contains("<option selected>Branch 2</option>"), "the location is chosen");
    assert!(html.contains("Visit of 2026-11-20."), "prefilled from b2/offline.toml");
    let other = touchaudit(&["visit", "audit.toml", "--location", "Branch 1", "-o", "b1.html"], dir.path());
    assert_eq!(other.code, 0);
    let key = |html: &str| html.split("\"key\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let b1 = std::fs::read_to_string(dir.path().join("b1.html")).unwrap();
    assert_ne!(key(&html), key(&b1), "two locations' forms keep their entries apart");
    let wrong = touchaudit(&["visit", "audit.toml", "--location", "Branch 22", "-o", "x.html"], dir.path());
    assert_ne!(wrong.code, 0);
    assert!(wrong.stderr.contains("no [[location]] `Branch 22`"), "{}", wrong.stderr);
}
