//! The brand search area: what a saved page of search results for the brand name says, one rule per file.

mod brand_results;

include!(concat!(env!("OUT_DIR"), "/rules_serm.rs"));
