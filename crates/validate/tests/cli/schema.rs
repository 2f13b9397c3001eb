use crate::support::{code, root, validate};

#[test]
fn the_openapi_document_is_printed_as_committed() {
    let output = validate(&["schema", "--openapi"]);
    assert_eq!(code(&output), 0);
    let committed = std::fs::read(root().join("schemas/openapi.json")).unwrap();
    assert!(output.stdout == committed, "`schema --openapi` differs");
}

#[test]
fn write_puts_every_schema_and_the_openapi_document_in_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = validate(&["schema", "--write", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 0);
    for name in ["mechanic_integrations.schema.json", "openapi.json"] {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(root().join("schemas").join(name)).unwrap();
        assert!(
            written == committed,
            "{name} differs from the committed copy"
        );
    }
}

#[test]
fn openapi_and_an_endpoint_exclude_each_other() {
    let output = validate(&["schema", "--openapi", "--endpoint", "mechanic_integrations"]);
    assert_eq!(code(&output), 2);
}
