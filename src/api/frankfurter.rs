//! Frankfurter v1 compatibility under `/frankfurter` (being written).

use axum::Router;

use super::AppState;

/// The Frankfurter routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
