//! Nothing newsdex does destroys a user's file, and the binary keeps the platform's
//! protections.

#[test]
#[cfg(target_os = "linux")]
fn the_binary_is_position_independent() {
    // ELF `e_type` (bytes 16..18, little-endian on the targets we build): 3 is a shared
    // object, which a position-independent executable is; 2 a fixed-address executable,
    // which would turn off address-space randomisation.
    let bin = assert_cmd::cargo::cargo_bin("search");
    let bytes = std::fs::read(&bin).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    assert_eq!(e_type, 3, "{} is not position-independent", bin.display());
}
