//! The OpenAPI document, generated from the endpoints and the types of [`crate::wire`].

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::handlers;
use crate::wire;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsdex",
        description = "Full-text search of a folder of news articles: ranked hits with snippets, filters by date and source, facets, related articles.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        handlers::search,
        handlers::article,
        handlers::stats,
        handlers::health,
        handlers::openapi,
    ),
    components(schemas(
        wire::SearchResponse,
        wire::HitJson,
        wire::FacetsJson,
        wire::SourceCount,
        wire::MonthCount,
        wire::LanguageCount,
        wire::ArticleJson,
        wire::StatsJson,
        wire::HealthJson,
        wire::ErrorBody,
        wire::ErrorDetail,
    )),
    modifiers(&Bearer),
)]
struct Api;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3 document of the API, as `GET /api/v1/openapi.json` serves it. `token`
/// says whether the server requires a bearer token (it is then listed as required).
pub fn openapi_json(token: bool) -> Vec<u8> {
    let mut doc = Api::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    if token {
        for item in doc.paths.paths.values_mut() {
            if let Some(get) = item.get.as_mut() {
                get.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
                    "bearer",
                    Vec::<String>::new(),
                )]);
            }
        }
    }
    serde_json::to_vec_pretty(&doc).unwrap_or_default()
}
