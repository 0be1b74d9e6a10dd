//! The showcase client (`tests/showcase`, generated from `tests/fixtures/showcase`) against a
//! real HTTP server: the constructs the vendor specs do not have. Query styles, header and
//! cookie parameters, several success bodies, an error status without a body, status ranges
//! and `default`, binary, text and form bodies, and input checks gathered before anything is
//! sent.

use serde_json::{json, Value};
use showcase::runtime::{Error, ErrorBody};
use showcase::showcase::{self as api, errors, params, responses, types, Client};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "tok_3Jd9sLq0";

fn pet_json() -> Value {
    json!({
        "name": "Rex",
        "kind": 2,
        "_id": "6f1c2a9e-52a4-4e6b-9d1e-3b8f0c7a5d21",
        "created_at": "2024-01-15T09:30:00Z"
    })
}

async fn server(verb: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_auth(TOKEN)
        .build()
        .expect("the client builds")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn api_error<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, Error<E>>) -> (u16, E) {
    match result {
        Err(Error::Api(e)) => (e.meta.status, e.kind),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn parameters_go_where_the_spec_puts_them() {
    let server = server(
        "GET",
        "/pets",
        ResponseTemplate::new(200)
            .set_body_json(json!([pet_json()]))
            .insert_header("X-Next-Cursor", "c2"),
    )
    .await;
    let trace = "0b7f9c1e-6a2d-4f3b-8e5a-1c9d2e4f6a7b"
        .parse()
        .expect("a uuid");
    let mut p = params::ListPetsParams::default();
    p.tags = Some(vec!["a b".to_owned(), "c,d".to_owned()]);
    p.limit = Some(5);
    p.kind = Some(types::PetKind::V3);
    p.x_trace_id = Some(trace);
    p.session = Some("s1".to_owned());
    let response = client(&server).list_pets(&p).await.expect("a page of pets");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("x-next-cursor"), Some("c2"));
    assert_eq!(response.body.len(), 1);
    assert_eq!(response.body[0].kind, types::PetKind::V2);

    let requests = received(&server).await;
    let [request] = requests.as_slice() else {
        panic!("one request, got {}", requests.len());
    };
    // `explode: false` joins the array with commas; each value is escaped first, so a comma
    // inside a value cannot be mistaken for a separator.
    assert_eq!(request.url.query(), Some("tags=a%20b,c%2Cd&limit=5&kind=3"));
    assert_eq!(
        header(request, "x-trace-id"),
        Some(trace.to_string().as_str())
    );
    assert_eq!(header(request, "cookie"), Some("session=s1"));
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn absent_optional_parameters_are_not_sent() {
    let server = server(
        "GET",
        "/pets",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    client(&server)
        .list_pets(&params::ListPetsParams::default())
        .await
        .expect("an empty page");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(header(&requests[0], "x-trace-id"), None);
    assert_eq!(header(&requests[0], "cookie"), None);
}

#[tokio::test]
async fn every_broken_constraint_is_reported_at_once_and_nothing_is_sent() {
    let server = server("POST", "/pets", ResponseTemplate::new(200)).await;
    let mut pet = types::NewPet::new("", types::PetKind::V1);
    pet.labels = Some(Default::default());
    let error = client(&server)
        .create_pet(&pet)
        .await
        .expect_err("an empty name is refused");
    let Error::Validation(validation) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    let found: Vec<(&str, &str)> = validation
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.constraint))
        .collect();
    assert_eq!(found, [("name", "minLength"), ("name", "pattern")]);

    let mut p = params::ListPetsParams::default();
    p.limit = Some(0);
    let error = client(&server)
        .list_pets(&p)
        .await
        .expect_err("limit 0 is below the minimum");
    assert!(
        matches!(&error, Error::Validation(v) if v.violations.len() == 1 && v.violations[0].path == "limit"),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("listPets: parameters: limit: "),
        "the operation and the input are named: {error}"
    );

    let long = "x".repeat(33);
    let error = client(&server)
        .get_animal(&long)
        .await
        .expect_err("a path parameter over its maxLength is refused");
    assert!(
        matches!(&error, Error::Validation(v) if v.violations[0].constraint == "maxLength"),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("getAnimal: path parameter: "),
        "{error}"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn each_success_status_with_its_own_body_has_its_own_variant() {
    let created = server(
        "POST",
        "/pets",
        ResponseTemplate::new(200).set_body_json(pet_json()),
    )
    .await;
    let response = client(&created)
        .create_pet(&types::NewPet::new("Rex", types::PetKind::V2))
        .await
        .expect("created");
    let responses::CreatePetSuccess::Ok(pet) = response.body else {
        panic!("200 is `Ok`, got {:?}", response.body);
    };
    assert_eq!(pet.name, "Rex");
    let sent: Value = received(&created).await[0]
        .body_json()
        .expect("a JSON body");
    assert_eq!(sent, json!({"name": "Rex", "kind": 2}));

    let accepted = server(
        "POST",
        "/pets",
        ResponseTemplate::new(202)
            .set_body_json(json!({"job_id": "j1"}))
            .insert_header("Location", "/jobs/j1"),
    )
    .await;
    let response = client(&accepted)
        .create_pet(&types::NewPet::new("Rex", types::PetKind::V2))
        .await
        .expect("accepted");
    assert_eq!(response.status, 202);
    assert_eq!(response.location(), Some("/jobs/j1"));
    assert!(
        matches!(&response.body, responses::CreatePetSuccess::Accepted(job) if job.job_id == "j1"),
        "{:?}",
        response.body
    );

    // With two success bodies, an undocumented 2xx has no body type to decode into.
    let other = server(
        "POST",
        "/pets",
        ResponseTemplate::new(201).set_body_json(pet_json()),
    )
    .await;
    let (status, kind) = api_error(
        client(&other)
            .create_pet(&types::NewPet::new("Rex", types::PetKind::V2))
            .await,
    );
    assert_eq!(status, 201);
    assert!(
        matches!(kind, errors::CreatePetError::Undocumented(_)),
        "{kind:?}"
    );

    let conflict = server(
        "POST",
        "/pets",
        ResponseTemplate::new(409).set_body_json(json!({"code": 7, "message": "taken"})),
    )
    .await;
    let (status, kind) = api_error(
        client(&conflict)
            .create_pet(&types::NewPet::new("Rex", types::PetKind::V2))
            .await,
    );
    assert_eq!(status, 409);
    assert!(
        matches!(&kind, errors::CreatePetError::Conflict(ErrorBody::Typed(e)) if e.code == 7 && e.message == "taken"),
        "{kind:?}"
    );
}

#[tokio::test]
async fn one_success_body_decodes_from_any_2xx() {
    let server = server(
        "GET",
        "/pets/42",
        ResponseTemplate::new(203).set_body_json(pet_json()),
    )
    .await;
    let response = client(&server).get_pet(42).await.expect("a pet");
    assert_eq!(response.status, 203);
    assert_eq!(response.body.name, "Rex");
}

#[tokio::test]
async fn an_error_status_without_a_body_is_its_variant() {
    let server = server("GET", "/pets/7", ResponseTemplate::new(404)).await;
    let (status, kind) = api_error(client(&server).get_pet(7).await);
    assert_eq!(status, 404);
    assert!(matches!(kind, errors::GetPetError::NotFound), "{kind:?}");
}

#[tokio::test]
async fn status_ranges_and_default_pick_their_variants() {
    let body = json!({"code": 1, "message": "nope"});
    let teapot = server(
        "GET",
        "/pets",
        ResponseTemplate::new(418).set_body_json(body.clone()),
    )
    .await;
    let (status, kind) = api_error(
        client(&teapot)
            .list_pets(&params::ListPetsParams::default())
            .await,
    );
    assert_eq!(status, 418);
    assert!(
        matches!(kind, errors::ListPetsError::Status4xx(ErrorBody::Typed(e)) if e.code == 1),
        "4XX"
    );

    let broken = server(
        "GET",
        "/pets",
        ResponseTemplate::new(503).set_body_json(body),
    )
    .await;
    let broken_client = Client::builder()
        .base_url(broken.uri())
        .bearer_auth(TOKEN)
        .retry(showcase::runtime::RetryMode::Never)
        .build()
        .expect("the client builds");
    let (status, kind) = api_error(
        broken_client
            .list_pets(&params::ListPetsParams::default())
            .await,
    );
    assert_eq!(status, 503);
    assert!(
        matches!(kind, errors::ListPetsError::Default(ErrorBody::Typed(e)) if e.message == "nope"),
        "default"
    );
}

#[tokio::test]
async fn binary_text_and_form_bodies() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let download = server(
        "GET",
        "/pets/3/photo",
        ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"),
    )
    .await;
    let response = client(&download)
        .download_photo(3)
        .await
        .expect("the photo");
    assert_eq!(response.body, png);

    let upload = server("PUT", "/pets/3/photo", ResponseTemplate::new(204)).await;
    client(&upload)
        .upload_photo(3, Some(png.clone()))
        .await
        .expect("stored");
    let requests = received(&upload).await;
    assert_eq!(requests[0].body, png);
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/octet-stream")
    );

    let health = server(
        "GET",
        "/health",
        ResponseTemplate::new(200).set_body_raw("ok\n", "text/plain"),
    )
    .await;
    let unauthenticated = Client::builder()
        .base_url(health.uri())
        .build()
        .expect("the client builds");
    let response = unauthenticated.health().await.expect("alive");
    assert_eq!(response.body, "ok\n");

    let trees = server(
        "POST",
        "/trees",
        ResponseTemplate::new(201).set_body_json(json!({"value": "oak"})),
    )
    .await;
    let mut tree = types::PlantTreeBody::default();
    tree.species = Some("red oak".to_owned());
    tree.height = Some(2.5);
    let response = client(&trees)
        .plant_tree(Some(&tree))
        .await
        .expect("planted");
    assert_eq!(response.body.value, "oak");
    let requests = received(&trees).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "species=red+oak&height=2.5"
    );
}

#[test]
fn placeholder_servers_are_no_default_and_credentials_stay_out_of_debug() {
    // Every server of the showcase is on the reserved `.test` domain: a placeholder, so the
    // builder has no default and refuses to build without a base URL.
    let builder = Client::builder().bearer_auth(TOKEN);
    let printed = format!("{builder:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert_eq!(builder.config().base_url, "");
    let error = Client::builder()
        .bearer_auth(TOKEN)
        .build()
        .expect_err("no usable server and no base URL");
    assert!(
        error.message().contains("set one with `base_url(..)`"),
        "{error}"
    );
    assert!(!error.to_string().contains(TOKEN));
    let client = builder
        .base_url(api::servers::sandbox("us"))
        .build()
        .expect("the client builds");
    assert_eq!(client.base_url(), "https://us.sandbox.showcase.test/v1");
}

#[test]
fn a_credential_for_a_scheme_the_api_lacks_is_refused_when_building() {
    use showcase::runtime::Credential;
    let error = Client::builder()
        .credential("bearerAuht", Credential::bearer(TOKEN))
        .build()
        .expect_err("a misspelt scheme is refused");
    assert_eq!(
        error.message(),
        "a credential is set for `bearerAuht`, which is not a security scheme of this API \
         (its schemes: apiKeyQuery, basicAuth, bearerAuth)"
    );
    assert!(!error.to_string().contains(TOKEN));
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .credential("bearerAuth", Credential::bearer(TOKEN))
        .build()
        .expect("a declared scheme is taken");
}

#[tokio::test]
async fn a_uri_is_sent_as_written_and_checked_before_sending() {
    let server = server(
        "POST",
        "/pets",
        ResponseTemplate::new(200).set_body_json(pet_json()),
    )
    .await;
    let mut pet = types::NewPet::new("Rex", types::PetKind::V2);
    pet.self_ = Some("https://example.com".to_owned());
    client(&server).create_pet(&pet).await.expect("created");
    let sent: Value = received(&server).await[0].body_json().expect("a JSON body");
    // No trailing slash added: the value is not normalised on the way out.
    assert_eq!(sent["self"], json!("https://example.com"));

    pet.self_ = Some("example.com/no-scheme".to_owned());
    let error = client(&server)
        .create_pet(&pet)
        .await
        .expect_err("a relative reference is not a URI");
    let Error::Validation(validation) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1);
    assert_eq!(validation.violations[0].path, "self");
    assert_eq!(validation.violations[0].constraint, "format");
    assert_eq!(
        received(&server).await.len(),
        1,
        "the second call sent nothing"
    );
}

#[tokio::test]
async fn hash_question_mark_colon_and_at_in_a_path_are_sent_as_the_path_says() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .get_shared_link(
            "f 1",
            &params::GetSharedLinkParams::new("shared_link".to_owned()),
        )
        .await
        .expect("204");
    client.cancel_job("jobs:7").await.expect("204");
    client
        .get_draft_note("ann", "plan", &{
            let mut p = params::GetDraftNoteParams::default();
            p.rev = Some(3);
            p
        })
        .await
        .expect("204");
    let sent: Vec<(String, String, Option<String>, Option<String>)> = received(&server)
        .await
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.url.path().to_owned(),
                r.url.query().map(str::to_owned),
                r.url.fragment().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            // `#` is part of the path; the query is sent, not appended to a fragment.
            (
                "GET".to_owned(),
                "/files/f%201%23get_shared_link".to_owned(),
                Some("fields=shared_link".to_owned()),
                None
            ),
            // `:` stays as the custom verb; in the value it is encoded.
            (
                "POST".to_owned(),
                "/jobs/jobs%3A7:cancel".to_owned(),
                None,
                None
            ),
            // `@` stays; a literal `?` is part of the path, and the query follows it.
            (
                "GET".to_owned(),
                "/notes/@ann/plan%3Fdraft".to_owned(),
                Some("rev=3".to_owned()),
                None
            ),
        ]
    );
}

#[test]
fn webhook_bodies_parse_into_their_types() {
    // `x-webhooks` (and 3.1's `webhooks`) give one parse function per webhook.
    let body = json!({"pet": pet_json(), "adopted_at": "2024-02-01T10:00:00Z", "note": null});
    let bytes = serde_json::to_vec(&body).expect("serialises");
    let adopted = api::webhooks::parse_pet_adopted(&bytes).expect("a documented body parses");
    assert_eq!(adopted.pet.name, "Rex");
    assert_eq!(adopted.adopted_at.to_rfc3339(), "2024-02-01T10:00:00+00:00");
    // An explicit null stays distinct from an absent field.
    assert_eq!(adopted.note, showcase::Nullable::Null);
    let absent = json!({"pet": pet_json(), "adopted_at": "2024-02-01T10:00:00Z"});
    let adopted = api::webhooks::parse_pet_adopted(&serde_json::to_vec(&absent).expect("json"))
        .expect("a documented body parses");
    assert_eq!(adopted.note, showcase::Nullable::Absent);
    let error = api::webhooks::parse_pet_adopted(br#"{"pet": 1, "adopted_at": "x"}"#)
        .expect_err("a body of the wrong shape is an error");
    assert!(error.is_data(), "{error}");
}
