//! The brand search area: what a saved page of search results for the brand name says, one rule per file.

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_serm.rs"));
