//! The client generated from a Swagger 2.0 document (`tests/fixtures/showcase/swagger2.yaml`,
//! module `showcase::swagger2`) against a real HTTP server: the requests are exactly what the
//! 2.0 document means. `host` + `basePath` as the base URL, `collectionFormat` per array,
//! header parameters (one shared through `#/parameters`), an `in: body` parameter, `formData`
//! as a form and as a multipart body with a file, a `type: file` response, basic auth on one
//! operation and the API key everywhere else.

use serde_json::json;
use showcase::runtime::{Error, ErrorBody};
use showcase::swagger2::{errors, params, servers, types, Client};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "key_5Hq2Vb";

/// The document's base path: every request goes under it.
const BASE_PATH: &str = "/api/v1";

async fn server(verb: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(format!("{BASE_PATH}{route}")))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A client for the loopback server, reached the way a user reaches another host: the
/// document's server with its origin replaced, so the base path comes from the document.
fn client(server: &MockServer) -> Client {
    let base = servers::HTTPS.replace("https://pets.example.com", &server.uri());
    Client::builder()
        .base_url(base)
        .api_key(KEY)
        .basic("staff", "s3cret")
        .build()
        .expect("the client builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[test]
fn host_base_path_and_schemes_are_the_servers() {
    assert_eq!(servers::HTTPS, "https://pets.example.com/api/v1");
    assert_eq!(servers::HTTP, "http://pets.example.com/api/v1");
    // `pets.example.com` is a reserved documentation host: never a default base URL.
    let builder = Client::builder();
    assert_eq!(builder.config().base_url, "", "a placeholder is no default");
    assert!(builder.build().is_err(), "a base URL is required");
}

#[tokio::test]
async fn collection_formats_and_header_parameters() {
    let server = server(
        "GET",
        "/pets",
        ResponseTemplate::new(200)
            .set_body_json(json!([{"id": 1, "name": "Rex", "tag": null, "status": "sold"}]))
            .insert_header("X-Total-Count", "1"),
    )
    .await;
    let mut p = params::FindPetsParams::default();
    p.tags = Some(vec!["a b".to_owned(), "c,d".to_owned()]);
    p.ids = Some(vec![1, 2]);
    p.status = Some(vec![
        types::FindPetsStatusItem::Available,
        types::FindPetsStatusItem::Sold,
    ]);
    p.names = Some(vec!["x".to_owned(), "y".to_owned()]);
    p.limit = Some(5);
    p.x_flags = Some(vec!["fast".to_owned(), "new".to_owned()]);
    p.x_trace_id = Some("trace-7".to_owned());
    let response = client(&server).find_pets(&p).await.expect("the pets");
    assert_eq!(response.body[0].name, "Rex");
    assert_eq!(
        response.body[0].tag,
        showcase::Nullable::Null,
        "`x-nullable` reads null"
    );
    assert_eq!(response.body[0].status, Some(types::PetStatus::Sold));
    assert_eq!(response.header("x-total-count"), Some("1"));

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v1/pets");
    // csv: one comma-joined value; multi: the key repeated; pipes and ssv: joined with `|`
    // and a space.
    assert_eq!(
        request.url.query(),
        Some("tags=a%20b,c%2Cd&ids=1&ids=2&status=available|sold&names=x%20y&limit=5")
    );
    assert_eq!(header(&request, "x-flags"), Some("fast,new"));
    assert_eq!(header(&request, "x-trace-id"), Some("trace-7"));
    assert_eq!(header(&request, "x-api-key"), Some(KEY));
    assert_eq!(
        header(&request, "authorization"),
        None,
        "basic auth is only for the operation that asks for it"
    );
}

#[tokio::test]
async fn a_body_parameter_is_the_json_body() {
    let server = server(
        "POST",
        "/pets",
        ResponseTemplate::new(201).set_body_json(json!({"id": 9, "name": "Rex"})),
    )
    .await;
    let pet = types::NewPet::new("Rex").tag_null();
    let response = client(&server).add_pet(&pet).await.expect("stored");
    assert_eq!(response.status, 201);
    assert_eq!(response.body.id, 9);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(sent, json!({"name": "Rex", "tag": null}));

    // The body's constraints (`minLength: 1`) are checked before anything is sent.
    let empty = client(&server).add_pet(&types::NewPet::new("")).await;
    assert!(matches!(empty, Err(Error::Validation(_))), "{empty:?}");
}

#[tokio::test]
async fn basic_auth_and_a_shared_error_response() {
    let server = server(
        "GET",
        "/pets/7",
        ResponseTemplate::new(404).set_body_json(json!({"code": 404, "message": "no pet 7"})),
    )
    .await;
    let result = client(&server).get_pet(7).await;
    match result {
        Err(Error::Api(e)) => match e.kind {
            errors::GetPetError::NotFound(ErrorBody::Typed(body)) => {
                assert_eq!(body.message, "no pet 7")
            }
            other => panic!("expected NotFound, got {other:?}"),
        },
        other => panic!("expected an API error, got {other:?}"),
    }
    let request = only_request(&server).await;
    // `staff:s3cret` in base64.
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic c3RhZmY6czNjcmV0")
    );
    assert_eq!(header(&request, "x-api-key"), None);
}

#[tokio::test]
async fn form_data_is_a_form_body() {
    let server = server("POST", "/pets/7", ResponseTemplate::new(204)).await;
    let mut form = types::UpdatePetWithFormBody::new("Rex Jr");
    form.status = Some(types::UpdatePetWithFormBodyStatus::Sold);
    client(&server)
        .update_pet_with_form(7, &form)
        .await
        .expect("updated");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "name=Rex+Jr&status=sold"
    );
}

#[tokio::test]
async fn a_file_is_a_multipart_part_and_a_file_response_is_bytes() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let upload = server(
        "POST",
        "/pets/7/photo",
        ResponseTemplate::new(200).set_body_json(json!({"url": "/p/7.png", "size": 8})),
    )
    .await;
    let mut body = types::UploadPhotoBody::new(png.clone());
    body.caption = Some("at the beach".to_owned());
    let response = client(&upload)
        .upload_photo(7, &body)
        .await
        .expect("stored");
    assert_eq!(response.body.size, Some(8));
    let request = only_request(&upload).await;
    let content_type = header(&request, "content-type").unwrap_or_default();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart body");
    let mut expected = Vec::new();
    expected.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(&png);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n\
             at the beach\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(request.body, expected);

    let download = server(
        "GET",
        "/pets/7/photo",
        ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"),
    )
    .await;
    let response = client(&download).get_photo(7).await.expect("the photo");
    assert_eq!(response.body, png);
}
