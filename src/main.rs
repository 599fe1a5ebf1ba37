//! The page's entry point; everything lives in the library so it can be tested.

fn main() {
    tls_lab_web::start();
}
