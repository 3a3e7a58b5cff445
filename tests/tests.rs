//! Integration tests: one binary, one module per feature (the TestEnv lands with the
//! lead's tests; `scale` is self-contained until then).

mod scale;
