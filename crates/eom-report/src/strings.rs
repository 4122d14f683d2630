//! The report's own words, per language (English, Russian, Azerbaijani). Question, category and
//! answer labels come from the checklist templates instead, so they match what observers saw.
//! A missing language falls back to English, key by key.

use std::collections::BTreeMap;

use eom_core::stats::Share;

/// (key, English, Russian, Azerbaijani).
// One line per word, so translators see the three languages side by side.
#[rustfmt::skip]
const STRINGS: &[(&str, &str, &str, &str)] = &[
    ("title", "Election observation mission report", "Отчёт миссии по наблюдению за выборами", "Seçki müşahidə missiyasının hesabatı"),
    ("edition_internal", "Internal edition — not for publication", "Внутренняя редакция — не для публикации", "Daxili nəşr — dərc üçün deyil"),
    ("edition_public", "Public edition", "Публичная редакция", "İctimai nəşr"),
    ("edition", "Edition", "Редакция", "Nəşr"),
    ("organisation", "Organisation", "Организация", "Təşkilat"),
    ("country", "Country", "Страна", "Ölkə"),
    ("election", "Election", "Выборы", "Seçki"),
    ("election_date", "Election day", "День выборов", "Seçki günü"),
    ("time_zone", "Times shown in", "Время указано по", "Vaxt zonası"),
    ("delegation", "Delegation", "Делегация", "Nümayəndə heyəti"),
    ("delegation_size", "{teams} teams, {observers} observers", "команд: {teams}, наблюдателей: {observers}", "{teams} komanda, {observers} müşahidəçi"),
    ("accreditation", "Accreditation", "Аккредитация", "Akkreditasiya"),
    ("generated", "Data as of", "Данные по состоянию на", "Məlumatların tarixi"),
    ("fingerprint", "Data fingerprint (SHA-256)", "Отпечаток данных (SHA-256)", "Məlumatların izi (SHA-256)"),
    ("sample_notice", "SAMPLE DATA — this report is made from invented demonstration data. None of its figures describe a real election.", "ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ — отчёт составлен по вымышленным данным. Ни одна цифра не описывает реальные выборы.", "NÜMUNƏ MƏLUMATLAR — bu hesabat uydurma nümayiş məlumatlarından hazırlanıb. Heç bir rəqəm real seçkini təsvir etmir."),
    ("contents", "Contents", "Содержание", "Mündəricat"),
    ("method", "Method and caveats", "Методология и оговорки", "Metodologiya və qeyd-şərtlər"),
    ("method_sample", "The polling stations observed are not a random sample: teams chose them according to their area of responsibility and the practicalities of the day. The figures describe what the mission observed; they are never extrapolated to all polling stations in the country.", "Посещённые избирательные участки не являются случайной выборкой: команды выбирали их исходя из своей зоны ответственности и условий дня. Цифры описывают только то, что наблюдала миссия, и никогда не экстраполируются на все участки страны.", "Müşahidə olunan seçki məntəqələri təsadüfi seçmə deyil: komandalar onları öz məsuliyyət zonasına və günün şəraitinə görə seçiblər. Rəqəmlər yalnız missiyanın müşahidə etdiyini təsvir edir; ölkənin bütün məntəqələrinə şamil edilmir."),
    ("method_denominators", "Every share states its denominator: the checklists of that phase in which the question was shown and answered, “not observed” excluded. Below 30 observations a share is written “X of N”, not as a percentage.", "Каждая доля приводится со своим знаменателем: анкеты данного этапа, в которых вопрос был показан и на него был дан ответ; ответы «не наблюдалось» исключены. При числе наблюдений меньше 30 доля записывается как «X из N», а не в процентах.", "Hər pay öz məxrəci ilə verilir: sualın göstərildiyi və cavablandırıldığı həmin mərhələnin anketləri; “müşahidə olunmayıb” cavabları çıxarılır. 30-dan az müşahidədə pay faizlə deyil, “X / N” kimi yazılır."),
    ("method_negative", "“Assessed negatively” means that the team's overall assessment of the phase was “bad” or “very bad”. Each visit gives one assessment per phase observed.", "«Негативная оценка» означает, что общая оценка командой данного этапа была «плохо» или «очень плохо». Каждое посещение даёт одну оценку на каждый наблюдавшийся этап.", "“Mənfi qiymətləndirilib” o deməkdir ki, komandanın mərhələyə verdiyi ümumi qiymət “pis” və ya “çox pis” olub. Hər ziyarət müşahidə olunan hər mərhələ üçün bir qiymət verir."),
    ("method_times", "Times are local times of the election's time zone ({tz}).", "Время указано по местному времени часового пояса выборов ({tz}).", "Vaxtlar seçkinin vaxt zonasının ({tz}) yerli vaxtı ilə göstərilir."),
    ("coverage", "Coverage", "Охват", "Əhatə"),
    ("map", "Coverage map", "Карта охвата", "Əhatə xəritəsi"),
    ("map_note", "Polling stations placed by the coordinates in the station list (no background map; north is up). Assessed negatively: a checklist of a visit there assessed the phase bad or very bad.", "Участки размещены по координатам из списка участков (без подложки; север сверху). Оценённые отрицательно: анкета посещения оценила этап как «плохо» или «очень плохо».", "Məntəqələr siyahıdakı koordinatlara görə yerləşdirilib (fon xəritəsi yoxdur; şimal yuxarıdadır). Mənfi qiymətləndirilib: ziyarətin anketi mərhələni “pis” və ya “çox pis” qiymətləndirib."),
    ("map_observed", "Visited", "Посещённые", "Ziyarət edilib"),
    ("map_not_observed", "Not visited", "Непосещённые", "Ziyarət edilməyib"),
    ("map_negative", "Assessed negatively", "Оценённые отрицательно", "Mənfi qiymətləndirilib"),
    ("map_without_coordinates", "{n} polling stations have no coordinates and are not drawn", "Участков без координат (не нанесены на карту): {n}", "Koordinatı olmayan məntəqələr (xəritədə göstərilmir): {n}"),
    ("map_without_coordinates_one", "1 polling station has no coordinates and is not drawn", "Участков без координат (не нанесены на карту): 1", "Koordinatı olmayan məntəqələr (xəritədə göstərilmir): 1"),
    ("teams", "Teams", "Команды", "Komandalar"),
    ("observers", "Observers", "Наблюдатели", "Müşahidəçilər"),
    ("visits", "Visits", "Посещения", "Ziyarətlər"),
    ("checklists", "Checklists", "Анкеты", "Anketlər"),
    ("stations_visited", "Polling stations visited", "Посещено избирательных участков", "Ziyarət edilmiş məntəqələr"),
    ("visited", "Visited", "Посещено", "Ziyarət edilib"),
    ("in_list", "In the list", "В списке", "Siyahıda"),
    ("stations_total", "Stations in the list", "Участков в списке", "Siyahıdakı məntəqələr"),
    ("share_of_list", "Share of the list", "Доля от списка", "Siyahıdan pay"),
    ("observing_hours", "Hours observing", "Часов наблюдения", "Müşahidə saatları"),
    ("visits_by_phase", "Visits by phase", "Посещения по этапам", "Mərhələlər üzrə ziyarətlər"),
    ("region", "Region", "Регион", "Region"),
    ("setting", "Setting", "Тип местности", "Ərazi növü"),
    ("assessment", "Overall assessment per phase", "Общая оценка по этапам", "Mərhələlər üzrə ümumi qiymət"),
    ("assessment_by_region", "Assessment by region", "Оценка по регионам", "Regionlar üzrə qiymət"),
    ("assessment_by_setting", "Assessment by setting", "Оценка по типу местности", "Ərazi növü üzrə qiymət"),
    ("neg_few", "{phase}: assessed negatively in {share} observations.", "{phase}: негативная оценка в {share} наблюдений.", "{phase}: {share} müşahidədə mənfi qiymətləndirilib."),
    ("neg_pct", "{phase}: assessed negatively in {share} of the {n} observations.", "{phase}: негативная оценка в {share} из {n} наблюдений.", "{phase}: {n} müşahidənin {share}-də mənfi qiymətləndirilib."),
    ("neg_none", "{phase}: not observed.", "{phase}: не наблюдался.", "{phase}: müşahidə olunmayıb."),
    ("tabulation", "Tabulation at election commissions", "Табулирование в избирательных комиссиях", "Seçki komissiyalarında nəticələrin cədvəlləşdirilməsi"),
    ("tab_intro", "Teams observed the tabulation of results at district or constituency election commissions with the tabulation checklist. A commission counts as assessed negatively when any of its tabulation checklists was assessed bad or very bad.", "Команды наблюдали табулирование результатов в окружных избирательных комиссиях по анкете табулирования. Комиссия считается оценённой негативно, если хотя бы одна её анкета табулирования получила оценку «плохо» или «очень плохо».", "Komandalar dairə seçki komissiyalarında nəticələrin cədvəlləşdirilməsini cədvəlləşdirmə anketi ilə müşahidə edib. Komissiyanın cədvəlləşdirmə anketlərindən hər hansı biri “pis” və ya “çox pis” qiymətləndirilibsə, komissiya mənfi qiymətləndirilmiş sayılır."),
    ("tab_in_list", "Commissions in the list", "Комиссий в списке", "Siyahıdakı komissiyalar"),
    ("tab_observed", "Commissions observed", "Наблюдалось комиссий", "Müşahidə olunan komissiyalar"),
    ("tab_visits", "Visits to commissions", "Посещений комиссий", "Komissiyalara ziyarətlər"),
    ("tab_neg_few", "Tabulation: assessed negatively in {share} commissions observed.", "Табулирование: негативная оценка в {share} наблюдавшихся комиссий.", "Cədvəlləşdirmə: müşahidə olunan {share} komissiyada mənfi qiymətləndirilib."),
    ("tab_neg_pct", "Tabulation: assessed negatively in {share} of the {n} commissions observed.", "Табулирование: негативная оценка в {share} из {n} наблюдавшихся комиссий.", "Cədvəlləşdirmə: müşahidə olunan {n} komissiyanın {share}-də mənfi qiymətləndirilib."),
    ("phase", "Phase", "Этап", "Mərhələ"),
    ("total", "Total", "Всего", "Cəmi"),
    ("negative", "Assessed negatively", "Негативная оценка", "Mənfi qiymət"),
    ("problems", "Problem rates per phase", "Частота проблем по этапам", "Mərhələlər üzrə problem tezliyi"),
    ("problems_intro", "Every question with a problem answer, sorted by how often the problem was reported. “Answered” is the denominator.", "Все вопросы, имеющие «проблемный» ответ, отсортированы по частоте проблемы. «Ответов» — знаменатель.", "Problem cavabı olan bütün suallar problemin tezliyinə görə sıralanıb. “Cavablar” məxrəcdir."),
    ("question", "Question", "Вопрос", "Sual"),
    ("answered", "Answered", "Ответов", "Cavablar"),
    ("problem", "Problem", "Проблема", "Problem"),
    ("share", "Share", "Доля", "Pay"),
    ("turnout", "Observed turnout", "Наблюдаемая явка", "Müşahidə olunan fəallıq"),
    ("turnout_intro", "Turnout as told by the commission when the team arrived (voters who had voted, of the voters on the list).", "Явка со слов комиссии на момент прибытия команды (проголосовавшие из числа включённых в список).", "Komanda gələndə komissiyanın bildirdiyi fəallıq (siyahıdakı seçicilərdən səs verənlər)."),
    ("turnout_observations", "Observations", "Наблюдений", "Müşahidələr"),
    ("turnout_median", "Median observed turnout", "Медиана наблюдаемой явки", "Müşahidə olunan fəallığın medianı"),
    ("turnout_flags", "Flags", "Отметки", "Qeydlər"),
    ("flag_over_100", "over 100 %", "более 100 %", "100 %-dən çox"),
    ("flag_decrease", "fewer voters than earlier", "меньше, чем ранее", "əvvəlkindən az"),
    ("flag_jump", "sudden rise", "резкий рост", "kəskin artım"),
    ("protocol", "Protocol reconciliation failures", "Несоответствия в протоколах", "Protokol uyğunsuzluqları"),
    ("check", "Check", "Проверка", "Yoxlama"),
    ("detail", "Detail", "Подробности", "Təfərrüat"),
    ("check_received_balance", "Ballots received ≠ issued + unused + spoiled", "Получено ≠ выдано + неиспользовано + испорчено", "Alınan ≠ verilən + istifadə olunmayan + korlanmış"),
    ("check_found_exceeds_signatures", "Ballots found exceed signatures", "Бюллетеней в ящиках больше, чем подписей", "Qutudakı bülletenlər imzalardan çoxdur"),
    ("check_valid_invalid_found", "Valid + invalid ≠ ballots found", "Действительные + недействительные ≠ найдено", "Etibarlı + etibarsız ≠ tapılan"),
    ("check_candidates_sum_valid", "Candidates' votes ≠ valid ballots", "Сумма голосов ≠ действительные", "Namizədlərin səsləri ≠ etibarlı"),
    ("check_turnout_over_100", "Signatures > voters on the list", "Подписей больше, чем избирателей в списке", "İmzalar siyahıdakı seçicilərdən çoxdur"),
    ("incidents", "Incidents", "Инциденты", "Hadisələr"),
    ("incidents_total", "Incidents recorded", "Зарегистрировано инцидентов", "Qeydə alınmış hadisələr"),
    ("by_category", "By category", "По категориям", "Kateqoriyalar üzrə"),
    ("by_severity", "By severity", "По серьёзности", "Ciddilik üzrə"),
    ("by_source", "By source", "По источнику", "Mənbə üzrə"),
    ("by_follow_up", "Follow-up", "Дальнейшие действия", "Sonrakı tədbirlər"),
    ("serious_incidents", "Serious incidents", "Серьёзные инциденты", "Ciddi hadisələr"),
    ("count", "Number", "Число", "Say"),
    ("time", "Time", "Время", "Vaxt"),
    ("station", "Station", "Участок", "Məntəqə"),
    ("team", "Team", "Команда", "Komanda"),
    ("category", "Category", "Категория", "Kateqoriya"),
    ("source", "Source", "Источник", "Mənbə"),
    ("description", "Description", "Описание", "Təsvir"),
    ("persons", "Persons involved", "Участники", "İştirakçılar"),
    ("witnesses", "Witnesses", "Свидетели", "Şahidlər"),
    ("women", "Women in election commissions", "Женщины в избирательных комиссиях", "Seçki komissiyalarında qadınlar"),
    ("women_members", "Women among commission members present (checklists that recorded both figures)", "Женщины среди присутствовавших членов комиссий (по чек-листам, где записаны оба числа)", "İştirak edən komissiya üzvləri arasında qadınlar (hər iki rəqəmi qeyd edən yoxlama siyahıları üzrə)"),
    ("women_chairs", "Commissions chaired by a woman", "Комиссии под председательством женщины", "Sədri qadın olan komissiyalar"),
    ("data_quality", "Data quality", "Качество данных", "Məlumatların keyfiyyəti"),
    ("dq_checklists", "Checklists", "Анкеты", "Anketlər"),
    ("dq_incomplete", "Checklists not submitted (drafts)", "Неотправленные анкеты (черновики)", "Təqdim edilməmiş anketlər (qaralama)"),
    ("dq_answers", "Answers to questions shown", "Ответы на показанные вопросы", "Göstərilən suallara cavablar"),
    ("dq_not_observed", "Answered “not observed”", "Ответ «не наблюдалось»", "“Müşahidə olunmayıb” cavabı"),
    ("annex", "Annex: visits", "Приложение: посещения", "Əlavə: ziyarətlər"),
    ("annex_legend", "Assessment per phase: O opening, V voting, C counting; VG very good, G good, B bad, VB very bad.", "Оценка по этапам: О открытие, Г голосование, П подсчёт; ОХ очень хорошо, Х хорошо, П плохо, ОП очень плохо.", "Mərhələlər üzrə qiymət: A açılış, S səsvermə, H hesablama; ÇY çox yaxşı, Y yaxşı, P pis, ÇP çox pis."),
    ("times", "Arrival–departure", "Прибытие–отъезд", "Gəliş–gediş"),
    ("notes", "Notes", "Заметки", "Qeydlər"),
    ("annex_teams", "Annex: teams", "Приложение: команды", "Əlavə: komandalar"),
    ("annex_teams_legend", "One line per team. Per phase: checklists assessed negatively / checklists with an assessment. The bundle and the workbook list every visit.", "Одна строка на команду. По этапам: анкеты с негативной оценкой / анкеты с оценкой. Все посещения перечислены в пакете данных и в книге Excel.", "Hər komanda üçün bir sətir. Mərhələlər üzrə: mənfi qiymətləndirilmiş anketlər / qiymətləndirilmiş anketlər. Bütün ziyarətlər məlumat paketində və Excel kitabında verilir."),
    ("stations", "Stations", "Участки", "Məntəqələr"),
    ("compact_lists", "At this size the report counts the turnout flags and protocol failures instead of listing them by station, and the annex has one line per team: every team, visit and station is in the mission's bundle and workbook.", "При таком размере миссии отчёт приводит число флагов явки и расхождений в протоколах вместо их перечня по участкам, а приложение содержит одну строку на команду: все команды, посещения и участки есть в пакете данных миссии и в книге Excel.", "Bu ölçüdə hesabat fəallıq işarələrini və protokol uyğunsuzluqlarını məntəqələr üzrə sadalamır, sayını verir; əlavədə hər komanda üçün bir sətir var: bütün komandalar, ziyarətlər və məntəqələr missiyanın məlumat paketində və Excel kitabındadır."),
    ("details", "Annex: visit details", "Приложение: подробности посещений", "Əlavə: ziyarətlərin təfərrüatı"),
    ("observers_present", "Observers present", "Присутствовавшие наблюдатели", "İştirak edən müşahidəçilər"),
    ("address", "Address", "Адрес", "Ünvan"),
    ("problems_reported", "Problems reported", "Отмеченные проблемы", "Qeyd olunmuş problemlər"),
    ("explanation", "Explanation", "Пояснение", "İzah"),
    ("review", "Review", "Проверка", "Yoxlama"),
    ("attachments", "Attachments", "Вложения", "Əlavələr"),
    ("restricted", "Team could not observe without restriction", "Команда не могла наблюдать без ограничений", "Komanda məhdudiyyətsiz müşahidə edə bilmədi"),
    ("signature", "Head of mission (name, signature)", "Руководитель миссии (имя, подпись)", "Missiya rəhbəri (ad, imza)"),
    ("date", "Date", "Дата", "Tarix"),
    ("none", "None recorded.", "Не зарегистрировано.", "Qeydə alınmayıb."),
    ("of", "of", "из", "/"),
    ("page", "Page", "Стр.", "Səh."),
    ("a_very_good", "Very good", "Очень хорошо", "Çox yaxşı"),
    ("a_good", "Good", "Хорошо", "Yaxşı"),
    ("a_bad", "Bad", "Плохо", "Pis"),
    ("a_very_bad", "Very bad", "Очень плохо", "Çox pis"),
    ("ab_very_good", "VG", "ОХ", "ÇY"),
    ("ab_good", "G", "Х", "Y"),
    ("ab_bad", "B", "П", "P"),
    ("ab_very_bad", "VB", "ОП", "ÇP"),
    ("p_opening", "Opening", "Открытие", "Açılış"),
    ("p_voting", "Voting", "Голосование", "Səsvermə"),
    ("p_counting", "Counting", "Подсчёт голосов", "Səslərin hesablanması"),
    ("p_tabulation", "Tabulation", "Табулирование", "Nəticələrin cədvəlləşdirilməsi"),
    ("pa_opening", "O", "О", "A"),
    ("pa_voting", "V", "Г", "S"),
    ("pa_counting", "C", "П", "H"),
    ("s_urban", "Urban", "Городской", "Şəhər"),
    ("s_rural", "Rural", "Сельский", "Kənd"),
];

/// The report's words in `lang` (English where a word is missing).
pub fn strings(lang: &str) -> BTreeMap<String, String> {
    in_language(STRINGS, lang)
}

/// One column of a (key, English, Russian, Azerbaijani) word table: `lang`'s, English for any
/// other language. The report's words and the paper forms' use it.
pub(crate) fn in_language(
    table: &[(&str, &str, &str, &str)],
    lang: &str,
) -> BTreeMap<String, String> {
    table
        .iter()
        .map(|(key, en, ru, az)| {
            let text = match lang {
                "ru" => ru,
                "az" => az,
                _ => en,
            };
            (key.to_string(), text.to_string())
        })
        .collect()
}

/// The languages with a full set of report words.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "az"];

/// A statistics share in `lang`, from its numbers: "3 of 29" → "3 из 29", "12.5 %" → "12,5 %".
/// English is printed exactly as `eom stats --json` says (`Share`'s own text).
pub fn localise_share(share: &Share, lang: &str) -> String {
    let of = match lang {
        "ru" => "из",
        "az" => "/",
        _ => return share.to_string(),
    };
    match share.percent {
        _ if share.of == 0 => share.to_string(),
        Some(_) => decimal_comma(&share.to_string(), lang),
        None => format!("{} {of} {}", share.count, share.of),
    }
}

/// A figure written with a decimal point, in `lang`: Russian and Azerbaijani write a decimal comma.
pub fn decimal_comma(figure: &str, lang: &str) -> String {
    match lang {
        "ru" | "az" => figure.replace('.', ","),
        _ => figure.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_localised() {
        assert_eq!(localise_share(&Share::new(3, 29), "en"), "3 of 29");
        assert_eq!(localise_share(&Share::new(3, 29), "ru"), "3 из 29");
        assert_eq!(localise_share(&Share::new(3, 29), "az"), "3 / 29");
        assert_eq!(localise_share(&Share::new(5, 40), "ru"), "12,5 %");
        assert_eq!(localise_share(&Share::new(0, 0), "az"), "–");
    }

    #[test]
    fn every_language_has_every_key() {
        for (key, en, ru, az) in STRINGS {
            assert!(!en.is_empty() && !ru.is_empty() && !az.is_empty(), "{key}");
        }
    }
}
