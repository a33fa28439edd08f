//! Inputs that the fuzz targets in `fuzz/` found to break an invariant, kept
//! as bytes so that the normal test suite replays them.

use kurs_rates::{
    decode_snapshot, encode_snapshot, parse_ecb_xml, History, SnapshotError, SourceId,
};

/// `ecb_xml`: a well-formed ECB file dated before 1970. Its history used to
/// be written as a snapshot (a year file) that could not be read back: the
/// negative day count since 1970-01-01 was stored as a huge unsigned one.
#[test]
fn a_table_dated_before_1970_is_refused_by_the_snapshot_writer_not_written_unreadable() {
    let xml = br#"<Cube><Cube time="1969-12-31"><Cube currency="USD" rate="1.1"/></Cube></Cube>"#;
    let tables = parse_ecb_xml(std::str::from_utf8(xml).unwrap()).unwrap();
    let history = History::new(SourceId::ECB, tables);
    match encode_snapshot(&history) {
        Err(SnapshotError::Unwritable(why)) => assert!(why.contains("1970"), "{why}"),
        Ok(bytes) => {
            let back = decode_snapshot(&bytes).expect("what kurs writes, it reads back");
            assert_eq!(back.tables(), history.tables());
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// `snapshot`: a snapshot (such as a damaged year file) whose table count
/// says 4 billion used to make the decoder reserve room for all of them up
/// front, 32 GB, and abort the process. It is an error naming the damage.
#[test]
fn a_snapshot_claiming_billions_of_tables_is_an_error_not_an_abort() {
    let bytes = b"KURSSNAP\x01\x03ecbEWR\x03USFJPYGBP\x03\xff\xff\xff\xff\xff\
                  \x00\x00\x00\x92\xa2\x01\x03\xa4W\x84\x88\x01\x80\x92A\x84";
    assert!(matches!(
        decode_snapshot(bytes),
        Err(SnapshotError::Corrupt { .. })
    ));
}
