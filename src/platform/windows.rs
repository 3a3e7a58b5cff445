//! Windows (filled in below).
