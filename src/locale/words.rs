//! The widget's words, by language: the only text of `kurs::locale` that is
//! written by hand (currency names, months and numbers come from CLDR).

use super::{Lang, Plural};

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
    /// `{count} days`, by plural category ([`Lang::days`]).
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
        // Translated in the next commit; English until then.
        Lang::Uk | Lang::Kk | Lang::De | Lang::Fr | Lang::Es => &EN,
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
    notice_fallback: "{publisher} has no table for {base} yet; these are the rates of {source}.",
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
    notice_fallback: "{publisher}: курсов к {base} пока нет. Показаны курсы источника: {source}.",
};
