//! One macro for every IANA registry value: known names, an `Unknown` fallback, and the
//! name as the RFC (and Wireshark) spell it.

/// `wire_enum!{ /// doc
///   pub enum Name: u8 { Variant = 0x01 => "rfc_name", ... } }`
///
/// Generates `from_wire`, `to_wire`, `as_str` (the RFC name, or `unknown`), and a
/// `Display` that prints `name (0x..)`. Each variant's doc starts with its registry name and
/// wire value (`` `close_notify` (0) ``); doc comments written on a variant follow as a
/// paragraph of their own.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $ty:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
        #[non_exhaustive]
        #[allow(non_camel_case_types)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "` (", stringify!($value), ").\n\n")]
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this engine does not know.
            Unknown($ty),
        }

        impl $name {
            /// The variant for a value read off the wire; one this engine does not name
            /// becomes `Unknown`, so decoding never fails on a new code point.
            pub fn from_wire(v: $ty) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }

            /// The value as written on the wire (`Unknown` gives back what it was read from).
            pub fn to_wire(self) -> $ty {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v,
                }
            }

            /// Serialises as the wire value (for `#[serde(serialize_with)]`): a transcript's
            /// JSON carries the number, as the bytes do.
            pub fn serialize_wire<S: serde::Serializer>(v: &Self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&v.to_wire(), s)
            }

            /// The name the RFC gives this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Unknown(_) => "unknown",
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let width = 2 * std::mem::size_of::<$ty>();
                write!(f, "{} (0x{:0width$x})", self.as_str(), self.to_wire(), width = width)
            }
        }
    };
}

pub(crate) use wire_enum;
