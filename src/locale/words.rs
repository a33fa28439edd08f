//! The widget's words, by language: the only text of `kurs::locale` that is
//! written by hand (currency names, months and numbers come from CLDR).

use super::{Lang, Plural};

/// A template of [`Words`] with its `{name}` placeholders replaced by
/// `values`; a placeholder without a value stays as it is.
///
/// ```
/// use kurs::locale::{fill, Lang};
///
/// let text = fill(
///     Lang::En.words().shown,
///     &[("requested", "19 November 2011"), ("effective", "18 November 2011")],
/// );
/// assert_eq!(
///     text,
///     "No rates were published on 19 November 2011; showing those of 18 November 2011."
/// );
/// ```
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The UI strings of one language (served as JSON to the widget script, in
/// `/v1/widget`'s `words` and the server form's `data-words`). Templates
/// name their `{placeholders}`; a sentence carries its own full stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Words {
    /// The box's heading.
    pub title: &'static str,
    /// The table's first column.
    pub currency: &'static str,
    /// Before the base's code in the rate column's heading (`in EUR`).
    pub priced: &'static str,
    /// The change column.
    pub change: &'static str,
    /// The trend column (read by screen readers only).
    pub trend: &'static str,
    /// A rate went up (before the change, for screen readers).
    pub up: &'static str,
    /// A rate went down.
    pub down: &'static str,
    /// A rate did not change.
    pub same: &'static str,
    /// The amount field.
    pub amount: &'static str,
    /// The currency converted from.
    pub from: &'static str,
    /// The currency converted to.
    pub to: &'static str,
    /// The swap button's label.
    pub swap: &'static str,
    /// The submit button.
    pub convert: &'static str,
    /// Under an amount that is not a number.
    pub hint: &'static str,
    /// An amount the server cannot convert.
    pub cannot: &'static str,
    /// No rates at all (the server is unreachable or has none).
    pub unavailable: &'static str,
    /// No rates for the date asked.
    pub no_date: &'static str,
    /// Before an unknown code: `Unknown currency: XYZ.`
    pub unknown: &'static str,
    /// Before a currency without a rate: `No rate for Russian ruble (RUB).`
    pub no_rate: &'static str,
    /// The rates are older than they should be.
    pub stale: &'static str,
    /// `{requested}`, `{effective}`: formatted dates.
    pub shown: &'static str,
    /// `{percent}` (unsigned, [`Lang::percent_unsigned`]), `{days}`
    /// ([`Lang::days`]): the trend's label.
    pub trend_up: &'static str,
    /// As `trend_up`, for a fall.
    pub trend_down: &'static str,
    /// `{days}`: no change over the trend's span.
    pub trend_same: &'static str,
    /// `{count} days`, by plural category ([`Lang::days`]), in the case
    /// the trend templates need (German dative: `in 30 Tagen`).
    pub days: Forms,
    /// `{publisher}`, `{base}` (a code), `{source}`: the rates shown are
    /// another publisher's.
    pub notice_fallback: &'static str,
}

/// A phrase's forms by CLDR plural category, `{count}` standing for the
/// number; a language without a category repeats `other` there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Forms {
    /// `one`
    pub one: &'static str,
    /// `few`
    pub few: &'static str,
    /// `many`
    pub many: &'static str,
    /// `other`
    pub other: &'static str,
}

impl Forms {
    /// The form of `category` (`zero` and `two`, which none of our
    /// languages has, take `other`).
    pub fn pick(&self, category: Plural) -> &'static str {
        match category {
            Plural::One => self.one,
            Plural::Few => self.few,
            Plural::Many => self.many,
            Plural::Zero | Plural::Two | Plural::Other => self.other,
        }
    }
}

pub(super) fn of(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
        Lang::Uk => &UK,
        Lang::Kk => &KK,
        Lang::De => &DE,
        Lang::Fr => &FR,
        Lang::Es => &ES,
    }
}

static EN: Words = Words {
    title: "Currency converter",
    currency: "Currency",
    priced: "in ",
    change: "Change",
    trend: "Trend",
    up: "up",
    down: "down",
    same: "unchanged",
    amount: "Amount",
    from: "From",
    to: "To",
    swap: "Swap currencies",
    convert: "Convert",
    hint: "Enter a number, such as 1234.56",
    cannot: "This amount cannot be converted.",
    unavailable: "Rates are unavailable right now.",
    no_date: "No rates for this date.",
    unknown: "Unknown currency: ",
    no_rate: "No rate for ",
    stale: "Rates may be out of date.",
    shown: "No rates were published on {requested}; showing those of {effective}.",
    trend_up: "up {percent} in {days}",
    trend_down: "down {percent} in {days}",
    trend_same: "unchanged in {days}",
    days: Forms {
        one: "{count} day",
        few: "{count} days",
        many: "{count} days",
        other: "{count} days",
    },
    notice_fallback: "{publisher}: no table for {base}. Showing the rates of {source}.",
};

static RU: Words = Words {
    title: "Конвертер валют",
    currency: "Валюта",
    priced: "в ",
    change: "Изм.",
    trend: "Динамика",
    up: "рост",
    down: "снижение",
    same: "без изменений",
    amount: "Сумма",
    from: "Из",
    to: "В",
    swap: "Поменять валюты местами",
    convert: "Пересчитать",
    hint: "Введите число, например 1234,56",
    cannot: "Эту сумму невозможно пересчитать.",
    unavailable: "Курсы сейчас недоступны.",
    no_date: "Нет курсов на эту дату.",
    unknown: "Неизвестная валюта: ",
    no_rate: "Нет курса: ",
    stale: "Курсы могут быть устаревшими.",
    // The date ends in "г.", which ends the sentence too.
    shown: "На {requested} курсы не публиковались; показаны курсы на {effective}",
    trend_up: "рост на {percent} за {days}",
    trend_down: "снижение на {percent} за {days}",
    trend_same: "без изменений за {days}",
    days: Forms {
        one: "{count} день",
        few: "{count} дня",
        many: "{count} дней",
        other: "{count} дня",
    },
    notice_fallback: "{publisher}: курсов к {base} нет. Показаны курсы источника: {source}.",
};

static UK: Words = Words {
    title: "Конвертер валют",
    currency: "Валюта",
    priced: "у ",
    change: "Зміна",
    trend: "Динаміка",
    up: "зростання",
    down: "зниження",
    same: "без змін",
    amount: "Сума",
    from: "З",
    to: "В",
    swap: "Поміняти валюти місцями",
    convert: "Перерахувати",
    hint: "Введіть число, наприклад 1234,56",
    cannot: "Цю суму неможливо перерахувати.",
    unavailable: "Курси зараз недоступні.",
    no_date: "Немає курсів на цю дату.",
    unknown: "Невідома валюта: ",
    no_rate: "Немає курсу: ",
    stale: "Курси можуть бути застарілими.",
    // The date ends in "р.", which ends the sentence too.
    shown: "На {requested} курси не публікувалися; показано курси на {effective}",
    trend_up: "зростання на {percent} за {days}",
    trend_down: "зниження на {percent} за {days}",
    trend_same: "без змін за {days}",
    days: Forms {
        one: "{count} день",
        few: "{count} дні",
        many: "{count} днів",
        other: "{count} дня",
    },
    notice_fallback: "{publisher}: курсів до {base} немає. Показано курси джерела: {source}.",
};

static KK: Words = Words {
    title: "Валюта конвертері",
    currency: "Валюта",
    // Kazakh would suffix the code ("EUR бағамы"); the heading is a prefix.
    priced: "Бағам, ",
    change: "Өзгеріс",
    trend: "Динамика",
    up: "өсу",
    down: "төмендеу",
    same: "өзгеріссіз",
    amount: "Сома",
    from: "Қайдан",
    to: "Қайда",
    swap: "Валюталарды ауыстыру",
    convert: "Айырбастау",
    hint: "Сан енгізіңіз, мысалы 1234,56",
    cannot: "Бұл соманы айырбастау мүмкін емес.",
    unavailable: "Қазір бағамдар қолжетімсіз.",
    no_date: "Бұл күнге бағамдар жоқ.",
    unknown: "Белгісіз валюта: ",
    no_rate: "Бағам жоқ: ",
    stale: "Бағамдар ескірген болуы мүмкін.",
    shown: "{requested} бағамдар жарияланбаған; {effective} бағамдары көрсетілген.",
    trend_up: "{days} ішінде {percent} өсті",
    trend_down: "{days} ішінде {percent} төмендеді",
    trend_same: "{days} ішінде өзгерген жоқ",
    // A Kazakh noun after a numeral stays singular.
    days: Forms {
        one: "{count} күн",
        few: "{count} күн",
        many: "{count} күн",
        other: "{count} күн",
    },
    notice_fallback:
        "{publisher}: {base} бойынша бағамдар жоқ. Көрсетілген бағамдар көзі: {source}.",
};

static DE: Words = Words {
    title: "Währungsrechner",
    currency: "Währung",
    priced: "in ",
    change: "Änderung",
    trend: "Verlauf",
    up: "plus",
    down: "minus",
    same: "unverändert",
    amount: "Betrag",
    from: "Von",
    to: "Nach",
    swap: "Währungen tauschen",
    convert: "Umrechnen",
    hint: "Geben Sie eine Zahl ein, z.\u{a0}B. 1234,56",
    cannot: "Dieser Betrag kann nicht umgerechnet werden.",
    unavailable: "Die Kurse sind derzeit nicht verfügbar.",
    no_date: "Für dieses Datum gibt es keine Kurse.",
    unknown: "Unbekannte Währung: ",
    no_rate: "Kein Kurs für ",
    stale: "Die Kurse sind möglicherweise veraltet.",
    shown:
        "Am {requested} wurden keine Kurse veröffentlicht; angezeigt werden die vom {effective}.",
    trend_up: "in {days} um {percent} gestiegen",
    trend_down: "in {days} um {percent} gefallen",
    trend_same: "in {days} unverändert",
    days: Forms {
        one: "{count} Tag",
        few: "{count} Tagen",
        many: "{count} Tagen",
        other: "{count} Tagen",
    },
    notice_fallback:
        "{publisher}: keine Kurse für {base}. Angezeigt werden die Kurse der Quelle {source}.",
};

// French typography: a no-break space before ":" and a narrow one before
// ";".
static FR: Words = Words {
    title: "Convertisseur de devises",
    currency: "Devise",
    priced: "en ",
    change: "Variation",
    trend: "Tendance",
    up: "hausse",
    down: "baisse",
    same: "inchangé",
    amount: "Montant",
    from: "De",
    to: "Vers",
    swap: "Inverser les devises",
    convert: "Convertir",
    hint: "Saisissez un nombre, par exemple 1234,56",
    cannot: "Ce montant ne peut pas être converti.",
    unavailable: "Les cours sont indisponibles pour le moment.",
    no_date: "Aucun cours pour cette date.",
    unknown: "Devise inconnue\u{a0}: ",
    no_rate: "Aucun cours pour ",
    stale: "Les cours ne sont peut-être plus à jour.",
    shown: "Aucun cours n’a été publié le {requested}\u{202f}; voici ceux du {effective}.",
    trend_up: "en hausse de {percent} sur {days}",
    trend_down: "en baisse de {percent} sur {days}",
    trend_same: "inchangé sur {days}",
    days: Forms {
        one: "{count} jour",
        few: "{count} jours",
        many: "{count} de jours",
        other: "{count} jours",
    },
    notice_fallback: "{publisher}\u{a0}: pas de cours pour {base}. Cours affichés\u{a0}: {source}.",
};

static ES: Words = Words {
    title: "Conversor de divisas",
    currency: "Divisa",
    priced: "en ",
    change: "Variación",
    trend: "Tendencia",
    up: "sube",
    down: "baja",
    same: "sin cambios",
    amount: "Importe",
    from: "De",
    to: "A",
    swap: "Intercambiar divisas",
    convert: "Convertir",
    hint: "Introduce un número, por ejemplo 1234,56",
    cannot: "No se puede convertir este importe.",
    unavailable: "Los tipos de cambio no están disponibles ahora.",
    no_date: "No hay tipos de cambio para esta fecha.",
    unknown: "Divisa desconocida: ",
    no_rate: "Sin tipo de cambio para ",
    stale: "Puede que los tipos de cambio no estén actualizados.",
    shown: "No se publicaron tipos de cambio el {requested}; se muestran los del {effective}.",
    trend_up: "sube un {percent} en {days}",
    trend_down: "baja un {percent} en {days}",
    trend_same: "sin cambios en {days}",
    days: Forms {
        one: "{count} día",
        few: "{count} días",
        many: "{count} de días",
        other: "{count} días",
    },
    notice_fallback:
        "{publisher}: no hay tipos de cambio para {base}. Se muestran los de {source}.",
};
