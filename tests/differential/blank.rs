//! "Blank" means the same to both schema implementations and the model,
//! character by character.

use mechanics_model::blank::is_blank;
use serde_json::json;

use crate::oracle::oracle;

#[test]
fn every_basic_plane_character_is_blank_to_all_or_to_none() {
    let oracle = oracle();
    let mut document = json!({"mechanicIntegrations": [{"integrationDetails": {
        "authenticationFields": [], "authenticationType": "simple",
        "features": {"supportsCustomerLookup": true, "supportsOpenJob": true},
        "name": "", "optionFields": []}}]});
    let mut blanks = 0;
    // The whole basic plane holds every white space character; the planes
    // above hold none, so a sample of them is enough.
    let supplementary = (0x1_0000..=0x10_ffff).step_by(997);
    for code in (0..0x1_0000).chain(supplementary) {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        document["mechanicIntegrations"][0]["integrationDetails"]["name"] = json!(c.to_string());
        let verdicts = oracle.verdicts(&document);
        let blank = is_blank(&c.to_string());
        let label = format!("U+{code:04X}");
        assert_eq!(verdicts.schema, !blank, "{label}: jsonschema");
        assert_eq!(verdicts.second_schema, !blank, "{label}: boon");
        assert_eq!(verdicts.model.is_ok(), !blank, "{label}: model");
        blanks += usize::from(blank);
    }
    assert_eq!(blanks, 26, "Unicode white space (25) and U+FEFF");
}
