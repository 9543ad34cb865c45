//! End-to-end tests: build real playbooks from fixture folders with the
//! real binary and check the written site. One test binary, as cargo and
//! mdBook do, so it links once.

mod support;

mod accessibility;
mod brand;
mod browser;
mod check;
mod ci;
mod diagnostic_output;
mod errors;
mod incremental;
mod install;
mod lang;
mod map;
mod markdown;
mod navigation;
mod output_safety;
mod print;
mod publishing;
mod robustness;
mod running;
mod scaffold;
mod scaling;
mod screenshots;
mod search;
mod serve;
mod shipped;
mod site;
mod sources;
mod spec_suites;
mod translations;
mod untranslated;
mod validity;
