//! The names of the banks kurs quotes, in the widget's languages other than
//! English (typed: CLDR has no names of institutions). Only the banks
//! whose readers most likely read these languages are here; any other
//! keeps its own name (`SourceId::publisher`), as English does.

use super::Lang;

/// Per source id: ru, uk, kk, de, fr, es.
pub(super) const PUBLISHERS: &[(&str, [&str; 6])] = &[
    (
        "cbr",
        [
            "Банк России",
            "Банк Росії",
            "Ресей Банкі",
            "Bank von Russland",
            "Banque de Russie",
            "Banco de Rusia",
        ],
    ),
    (
        "cnb",
        [
            "Чешский национальный банк",
            "Чеський національний банк",
            "Чехия Ұлттық банкі",
            "Tschechische Nationalbank",
            "Banque nationale tchèque",
            "Banco Nacional Checo",
        ],
    ),
    (
        "ecb",
        [
            "Европейский центральный банк",
            "Європейський центральний банк",
            "Еуропалық орталық банк",
            "Europäische Zentralbank",
            "Banque centrale européenne",
            "Banco Central Europeo",
        ],
    ),
    (
        "nbk",
        [
            "Национальный банк Казахстана",
            "Національний банк Казахстану",
            "Қазақстан Ұлттық Банкі",
            "Nationalbank der Republik Kasachstan",
            "Banque nationale du Kazakhstan",
            "Banco Nacional de Kazajistán",
        ],
    ),
    (
        "nbp",
        [
            "Национальный банк Польши",
            "Національний банк Польщі",
            "Польша Ұлттық банкі",
            "Polnische Nationalbank",
            "Banque nationale de Pologne",
            "Banco Nacional de Polonia",
        ],
    ),
    (
        "nbu",
        [
            "Национальный банк Украины",
            "Національний банк України",
            "Украина Ұлттық банкі",
            "Nationalbank der Ukraine",
            "Banque nationale d’Ukraine",
            "Banco Nacional de Ucrania",
        ],
    ),
];

pub(super) fn of(lang: Lang, source: &str) -> Option<&'static str> {
    let column = (lang.index()).checked_sub(1)?; // English: the source's own
    PUBLISHERS
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(source))
        .map(|(_, names)| names[column])
}
