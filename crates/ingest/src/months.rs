//! Dates as news in other languages than English prints them: month names of many
//! languages (`13 сентября 2023`, `5. März 2024`, `12 de marzo de 2024`), the Chinese,
//! Japanese and Korean forms (`2023年9月13日`, `2023년 9월 13일`), day-first numbers
//! (`13.09.2023`) and times written the local way (`10h30`, `10 Uhr`, `10時30分`).
//!
//! Each form is rewritten to the ISO form `NewsDate` reads (`2023-09-13 10:30`); a text
//! that has no year, or names no month newsdex knows, is not a date: newsdex never
//! guesses one.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Month names and their abbreviations, by language, in the forms that follow a day
/// (Russian and Polish genitives: `сентября`, `września`). A name that two languages give
/// to different months is in neither (Croatian `listopad` is October, Polish and Czech
/// `listopad` November), so Croatian's are left out.
const MONTHS: &[(&str, [&[&str]; 12])] = &[
    (
        "ru",
        [
            &["января", "январь", "янв"],
            &["февраля", "февраль", "фев", "февр"],
            &["марта", "март", "мар"],
            &["апреля", "апрель", "апр"],
            &["мая", "май"],
            &["июня", "июнь", "июн"],
            &["июля", "июль", "июл"],
            &["августа", "август", "авг"],
            &["сентября", "сентябрь", "сен", "сент"],
            &["октября", "октябрь", "окт"],
            &["ноября", "ноябрь", "ноя", "нояб"],
            &["декабря", "декабрь", "дек"],
        ],
    ),
    (
        "uk",
        [
            &["січня", "січень", "січ"],
            &["лютого", "лютий", "лют"],
            &["березня", "березень", "бер"],
            &["квітня", "квітень", "квіт"],
            &["травня", "травень", "трав"],
            &["червня", "червень", "черв"],
            &["липня", "липень", "лип"],
            &["серпня", "серпень", "серп"],
            &["вересня", "вересень", "вер"],
            &["жовтня", "жовтень", "жовт"],
            &["листопада", "листопад", "лист"],
            &["грудня", "грудень", "груд"],
        ],
    ),
    (
        "de",
        [
            &["januar", "jänner", "jan"],
            &["februar", "feber", "feb", "febr"],
            &["märz", "maerz", "mär", "mrz"],
            &["april", "apr"],
            &["mai"],
            &["juni", "jun"],
            &["juli", "jul"],
            &["august", "aug"],
            &["september", "sep", "sept"],
            &["oktober", "okt"],
            &["november", "nov"],
            &["dezember", "dez"],
        ],
    ),
    (
        "fr",
        [
            &["janvier", "janv"],
            &["février", "fevrier", "févr", "fevr", "fév"],
            &["mars"],
            &["avril", "avr"],
            &["mai"],
            &["juin"],
            &["juillet", "juil"],
            &["août", "aout"],
            &["septembre", "sept"],
            &["octobre", "oct"],
            &["novembre", "nov"],
            &["décembre", "decembre", "déc", "dec"],
        ],
    ),
    (
        "es",
        [
            &["enero", "ene"],
            &["febrero", "feb"],
            &["marzo", "mar"],
            &["abril", "abr"],
            &["mayo", "may"],
            &["junio", "jun"],
            &["julio", "jul"],
            &["agosto", "ago"],
            &["septiembre", "setiembre", "sep", "sept", "set"],
            &["octubre", "oct"],
            &["noviembre", "nov"],
            &["diciembre", "dic"],
        ],
    ),
    (
        "it",
        [
            &["gennaio", "gen"],
            &["febbraio", "feb"],
            &["marzo", "mar"],
            &["aprile", "apr"],
            &["maggio", "mag"],
            &["giugno", "giu"],
            &["luglio", "lug"],
            &["agosto", "ago"],
            &["settembre", "set"],
            &["ottobre", "ott"],
            &["novembre", "nov"],
            &["dicembre", "dic"],
        ],
    ),
    (
        "pt",
        [
            &["janeiro", "jan"],
            &["fevereiro", "fev"],
            &["março", "marco", "mar"],
            &["abril", "abr"],
            &["maio", "mai"],
            &["junho", "jun"],
            &["julho", "jul"],
            &["agosto", "ago"],
            &["setembro", "set"],
            &["outubro", "out"],
            &["novembro", "nov"],
            &["dezembro", "dez"],
        ],
    ),
    (
        "nl",
        [
            &["januari", "jan"],
            &["februari", "feb"],
            &["maart", "mrt"],
            &["april", "apr"],
            &["mei"],
            &["juni", "jun"],
            &["juli", "jul"],
            &["augustus", "aug"],
            &["september", "sep", "sept"],
            &["oktober", "okt"],
            &["november", "nov"],
            &["december", "dec"],
        ],
    ),
    (
        "sv",
        [
            &["januari"],
            &["februari"],
            &["mars"],
            &["april"],
            &["maj"],
            &["juni"],
            &["juli"],
            &["augusti"],
            &["september"],
            &["oktober"],
            &["november"],
            &["december"],
        ],
    ),
    (
        "nb",
        [
            &["januar"],
            &["februar"],
            &["mars", "marts"],
            &["april"],
            &["mai", "maj"],
            &["juni"],
            &["juli"],
            &["august"],
            &["september"],
            &["oktober"],
            &["november"],
            &["desember", "december"],
        ],
    ),
    (
        "fi",
        [
            &["tammikuuta", "tammikuu"],
            &["helmikuuta", "helmikuu"],
            &["maaliskuuta", "maaliskuu"],
            &["huhtikuuta", "huhtikuu"],
            &["toukokuuta", "toukokuu"],
            &["kesäkuuta", "kesäkuu"],
            &["heinäkuuta", "heinäkuu"],
            &["elokuuta", "elokuu"],
            &["syyskuuta", "syyskuu"],
            &["lokakuuta", "lokakuu"],
            &["marraskuuta", "marraskuu"],
            &["joulukuuta", "joulukuu"],
        ],
    ),
    (
        "pl",
        [
            &["stycznia", "styczeń", "sty"],
            &["lutego", "luty", "lut"],
            &["marca", "marzec"],
            &["kwietnia", "kwiecień", "kwi"],
            &["maja", "maj"],
            &["czerwca", "czerwiec", "cze"],
            &["lipca", "lipiec", "lip"],
            &["sierpnia", "sierpień", "sie"],
            &["września", "wrzesień", "wrz"],
            &["października", "październik", "paź"],
            &["listopada", "listopad", "lis"],
            &["grudnia", "grudzień", "gru"],
        ],
    ),
    (
        "cs",
        [
            &["ledna", "leden"],
            &["února", "únor"],
            &["března", "březen"],
            &["dubna", "duben"],
            &["května", "květen"],
            &["června", "červen"],
            &["července", "červenec"],
            &["srpna", "srpen"],
            &["září"],
            &["října", "říjen"],
            &["listopadu"],
            &["prosince", "prosinec"],
        ],
    ),
    (
        "tr",
        [
            &["ocak"],
            &["şubat", "subat"],
            &["mart"],
            &["nisan"],
            &["mayıs", "mayis"],
            &["haziran"],
            &["temmuz"],
            &["ağustos", "agustos"],
            &["eylül", "eylul"],
            &["ekim"],
            &["kasım", "kasim"],
            &["aralık", "aralik"],
        ],
    ),
    (
        "el",
        [
            &["ιανουαρίου", "ιανουάριος", "ιαν"],
            &["φεβρουαρίου", "φεβρουάριος", "φεβ"],
            &["μαρτίου", "μάρτιος", "μαρ"],
            &["απριλίου", "απρίλιος", "απρ"],
            &["μαΐου", "μαίου", "μάιος"],
            &["ιουνίου", "ιούνιος", "ιουν"],
            &["ιουλίου", "ιούλιος", "ιουλ"],
            &["αυγούστου", "αύγουστος", "αυγ"],
            &["σεπτεμβρίου", "σεπτέμβριος", "σεπ"],
            &["οκτωβρίου", "οκτώβριος", "οκτ"],
            &["νοεμβρίου", "νοέμβριος", "νοε"],
            &["δεκεμβρίου", "δεκέμβριος", "δεκ"],
        ],
    ),
    (
        "ro",
        [
            &["ianuarie", "ian"],
            &["februarie", "feb"],
            &["martie", "mar"],
            &["aprilie", "apr"],
            &["mai"],
            &["iunie", "iun"],
            &["iulie", "iul"],
            &["august", "aug"],
            &["septembrie", "sep"],
            &["octombrie", "oct"],
            &["noiembrie", "noi"],
            &["decembrie", "dec"],
        ],
    ),
    (
        "hu",
        [
            &["január", "jan"],
            &["február", "febr"],
            &["március", "márc"],
            &["április", "ápr"],
            &["május", "máj"],
            &["június", "jún"],
            &["július", "júl"],
            &["augusztus", "aug"],
            &["szeptember", "szept"],
            &["október", "okt"],
            &["november", "nov"],
            &["december", "dec"],
        ],
    ),
    (
        "id",
        [
            &["januari"],
            &["februari"],
            &["maret"],
            &["april"],
            &["mei"],
            &["juni"],
            &["juli"],
            &["agustus"],
            &["september"],
            &["oktober"],
            &["november"],
            &["desember"],
        ],
    ),
    (
        "ar",
        [
            &["يناير", "كانون الثاني"],
            &["فبراير", "شباط"],
            &["مارس", "آذار"],
            &["أبريل", "ابريل", "إبريل", "نيسان"],
            &["مايو", "أيار"],
            &["يونيو", "يونيه", "حزيران"],
            &["يوليو", "يوليه", "تموز"],
            &["أغسطس", "اغسطس", "آب"],
            &["سبتمبر", "أيلول"],
            &["أكتوبر", "اكتوبر", "تشرين الأول"],
            &["نوفمبر", "تشرين الثاني"],
            &["ديسمبر", "كانون الأول"],
        ],
    ),
];

/// English month names: the month-name forms of other languages that equal them
/// (`april`, `august`) mean the same month, and `NewsDate` already reads the English forms.
const ENGLISH: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Every month name, lowercased, to its month (1–12). Names that mean different months
/// in different languages are left out.
static MONTH_NAMES: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    let mut names: HashMap<String, u32> = HashMap::new();
    let mut clashes = Vec::new();
    for (_, months) in MONTHS {
        for (i, forms) in months.iter().enumerate() {
            let month = i as u32 + 1;
            for form in *forms {
                match names.insert(form.to_string(), month) {
                    Some(other) if other != month => clashes.push(form.to_string()),
                    _ => {}
                }
            }
        }
    }
    for (i, name) in ENGLISH.iter().enumerate() {
        if let Some(&month) = names.get(*name) {
            if month != i as u32 + 1 {
                clashes.push(name.to_string());
            }
        }
    }
    for clash in clashes {
        names.remove(&clash);
    }
    names
});

/// The month a name gives (`сентября` → 9, `März` → 3, `sept.` → 9).
pub(crate) fn month(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    MONTH_NAMES.get(&lower).copied()
}

/// A month name: a word of letters, or two (`كانون الثاني`).
const NAME: &str = r"(?P<month>\p{L}+(?:\s\p{L}+)??)\.?";

/// A time of day after a date, written the local way: `10:30`, `10.30 Uhr`, `10h30`,
/// `10時30分`, `10시 30분`, `в 10:30`, `à 10h`, `um 10:30`.
const TIME: &str = r"(?:\s*,?\s*(?:(?:в|à|a las|alle|um|às|kl\.?|klo|saat|o|at|-|–|—|\|)\s*)?(?P<hour>\d{1,2})\s*(?:[:.h時时시]\s*(?P<minute>\d{2})?\s*(?:分|분)?|\s*(?:Uhr|ч\.?|godz\.?)\b)(?:\s*(?:Uhr|ч\.?))?)?";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?:le|el|den|il|o|dia|am)\s+)?(?P<day>\d{{1,2}})(?:\.|-?(?:er|ᵉʳ|º|°|-?го|-?е))?\s*(?:de\s+)?{NAME},?\s+(?:de\s+|del\s+)?(?P<year>\d{{4}})(?:\s*(?:года|год|г\.|г|року|р\.|р|roku|r\.|yılı|m\.|évi))?\.?{TIME}$"
    ))
    .expect("valid regex")
});

static YEAR_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?P<year>\d{{4}})\.?\s+{NAME}\s+(?P<day>\d{{1,2}})\.?(?:,)?{TIME}$"
    ))
    .expect("valid regex")
});

/// `2023年9月13日`, `2023년 9월 13일`, with a weekday in brackets and a time after.
static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<year>\d{{4}})\s*[年년]\s*(?P<month>\d{{1,2}})\s*[月월]\s*(?P<day>\d{{1,2}})\s*[日일号號]?(?:\s*[（(][^)）]{{1,4}}[)）])?{TIME}"
    ))
    .expect("valid regex")
});

/// `13.09.2023`, `13.9.2023 10:30`: day first, as every language that writes dots does.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})\.?(?:\s*(?:г\.|р\.|yılı))?{TIME}$"
    ))
    .expect("valid regex")
});

/// Vietnamese: `13 tháng 9 năm 2023`, `ngày 13 tháng 9 năm 2023`.
static VIETNAMESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:ngày\s+)?(?P<day>\d{{1,2}})\s+tháng\s+(?P<month>\d{{1,2}}),?\s+năm\s+(?P<year>\d{{4}}){TIME}$"
    ))
    .expect("valid regex")
});

/// Digits of other scripts (Arabic-Indic, Persian, fullwidth) as ASCII digits.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    let foreign =
        |c: char| matches!(c, '\u{660}'..='\u{669}' | '\u{6f0}'..='\u{6f9}' | '０'..='９' | '：');
    if !text.chars().any(foreign) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '：' => ':',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The ISO form (`2023-09-13`, `2023-09-13 10:30`) of a date written in one of the forms
/// of this module, or `None`. The whole text must be the date (and a time).
pub(crate) fn to_iso(text: &str) -> Option<String> {
    let text = ascii_digits(text.trim());
    let text = text.trim_end_matches([',', ';']);
    if text.is_ascii() && !text.contains('.') && !text.contains(char::is_alphabetic) {
        return None;
    }
    if let Some(caps) = CJK.captures(text) {
        let all = caps.get(0)?;
        if all.start() == 0 && all.end() == text.len() {
            return iso(&caps, caps["month"].parse().ok()?);
        }
        return None;
    }
    for form in [&*DAY_MONTH_YEAR, &*YEAR_MONTH_DAY] {
        if let Some(caps) = form.captures(text) {
            let month = month(&caps["month"])?;
            return iso(&caps, month);
        }
    }
    for form in [&*DOTTED, &*VIETNAMESE] {
        if let Some(caps) = form.captures(text) {
            return iso(&caps, caps["month"].parse().ok()?);
        }
    }
    None
}

/// The first Chinese, Japanese or Korean date inside a text (`新华社北京2023年9月13日电`),
/// with the byte range it covers: those forms can't be taken for anything else, so they
/// are found wherever they stand.
pub(crate) fn find_cjk(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let normal = ascii_digits(text);
    if normal.len() != text.len() {
        // Digits of other widths moved the bytes: the range would not fit `text`.
        let caps = CJK.captures(&normal)?;
        return Some((iso(&caps, caps["month"].parse().ok()?)?, 0..text.len()));
    }
    let caps = CJK.captures(text)?;
    let range = caps.get(0)?.range();
    Some((iso(&caps, caps["month"].parse().ok()?)?, range))
}

fn iso(caps: &regex::Captures, month: u32) -> Option<String> {
    let year: i32 = caps["year"].parse().ok()?;
    let day: u32 = caps["day"].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    let mut out = format!("{year:04}-{month:02}-{day:02}");
    if let Some(hour) = caps.name("hour") {
        let hour: u32 = hour.as_str().parse().ok()?;
        let minute: u32 = caps
            .name("minute")
            .map_or(Some(0), |m| m.as_str().parse().ok())?;
        if hour <= 23 && minute <= 59 {
            out.push_str(&format!(" {hour:02}:{minute:02}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_month_names_of_many_languages() {
        let cases = [
            ("13 сентября 2023", "2023-09-13"),
            ("13 сентября 2023 года", "2023-09-13"),
            ("13 сентября 2023 г.", "2023-09-13"),
            ("13 сентября 2023, 10:30", "2023-09-13 10:30"),
            ("13 вересня 2023", "2023-09-13"),
            ("5. März 2024", "2024-03-05"),
            ("5. März 2024, 10:30 Uhr", "2024-03-05 10:30"),
            ("5. Mrz. 2024", "2024-03-05"),
            ("12 mars 2024", "2024-03-12"),
            ("1er mars 2024", "2024-03-01"),
            ("le 12 mars 2024 à 10h30", "2024-03-12 10:30"),
            ("12 de marzo de 2024", "2024-03-12"),
            ("12 marzo 2024", "2024-03-12"),
            ("12 de março de 2024", "2024-03-12"),
            ("12 maart 2024", "2024-03-12"),
            ("12 augusti 2024", "2024-08-12"),
            ("12. syyskuuta 2023", "2023-09-12"),
            ("12 września 2023", "2023-09-12"),
            ("12 září 2023", "2023-09-12"),
            ("12 Eylül 2023", "2023-09-12"),
            ("12 Σεπτεμβρίου 2023", "2023-09-12"),
            ("12 septembrie 2023", "2023-09-12"),
            ("2023. szeptember 12.", "2023-09-12"),
            ("12 Agustus 2023", "2023-08-12"),
            ("12 سبتمبر 2023", "2023-09-12"),
            ("١٢ سبتمبر ٢٠٢٣", "2023-09-12"),
            ("12 tháng 9 năm 2023", "2023-09-12"),
            ("2023年9月13日", "2023-09-13"),
            ("2023年09月13日 10:30", "2023-09-13 10:30"),
            ("2023年9月13日10时30分", "2023-09-13 10:30"),
            ("２０２３年９月１３日", "2023-09-13"),
            ("2023년 9월 13일", "2023-09-13"),
            ("2023년 9월 13일 (수) 오전", "2023-09-13"),
            ("2023년 09월 13일 10시 30분", "2023-09-13 10:30"),
            ("13.09.2023", "2023-09-13"),
            ("13.9.2023 10:30", "2023-09-13 10:30"),
        ];
        for (input, want) in cases {
            let got = to_iso(input);
            // A trailing word after a Korean date (오전, "morning") is not part of it.
            if input.ends_with("오전") {
                assert_eq!(got, None, "{input}");
                assert_eq!(
                    find_cjk(input).map(|f| f.0).as_deref(),
                    Some(want),
                    "{input}"
                );
                continue;
            }
            assert_eq!(got.as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn never_invents_a_date() {
        for input in [
            "13 сентября",
            "МОСКВА, 13 сентября",
            "5. März",
            "9月13日",
            "9월 13일",
            "32 mars 2024",
            "30 février 2024",
            "13 Blorg 2023",
            "13.13.2023",
            "2023",
            "12 listopada 2023 x",
            "in Moskau am 12. März 2024 sagte er",
        ] {
            assert_eq!(to_iso(input), None, "{input}");
        }
        assert_eq!(find_cjk("9月13日电"), None);
    }

    #[test]
    fn finds_cjk_dates_inside_a_line() {
        let (iso, range) = find_cjk("新华社北京2023年9月13日电").unwrap();
        assert_eq!(iso, "2023-09-13");
        assert_eq!(&"新华社北京2023年9月13日电"[range], "2023年9月13日");
    }

    #[test]
    fn clashing_names_are_left_out() {
        assert_eq!(month("mars"), Some(3));
        assert_eq!(month("Mai"), Some(5));
        assert_eq!(month("сентября"), Some(9));
        assert_eq!(month("Sept."), Some(9));
        // `mar` is March in Spanish, Italian, Portuguese and Romanian alike.
        assert_eq!(month("mar"), Some(3));
    }
}
