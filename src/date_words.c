/*
 * date_words.c: month names and relative-date phrases in sixteen
 * languages, and the UTF-8 word reader that finds them.  Case folding is
 * our own (ASCII, Latin-1, Latin Extended-A, Cyrillic) so the locale never
 * plays a part; Turkish I, ı and İ all fold to "i", so the lists spell
 * "kasım" as "kasim".  Lists are space-separated words, lowercase; phrases
 * of several words are '|'-separated, their words matched token by token,
 * so "aujourd'hui", "aujourd hui" and "avant-hier" all come out as word
 * sequences.  Chinese, Japanese and Korean do not put spaces between
 * words: there a word is the longest of date_cjk_words at that point, or
 * else one character.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "date_words.h"
#include "text.h"

/* Languages, for words whose meaning depends on the phrase around them. */
#define L_EN	0x01
#define L_RU	0x02
#define L_UK	0x04
#define L_DE	0x08
#define L_FR	0x10
#define L_ES	0x20
#define L_IT	0x40
#define L_PT	0x80
#define L_NL	0x100
#define L_PL	0x200
#define L_CS	0x400
#define L_SV	0x800
#define L_TR	0x1000
#define L_JA	0x2000
#define L_ZH	0x4000
#define L_KO	0x8000
#define L_ALL	0xffff
/* These may drop the number: "час назад", "godzinę temu", "před rokem". */
#define L_SLAVIC	(L_RU | L_UK | L_PL | L_CS)

#define DATE_SEP_MAX	8	/* bytes between two tokens of a phrase */
#define DATE_NUM_DIGITS	4	/* "9999 days ago" at most */
#define DATE_DAY_NOW	1	/* a day phrase meaning "now" */

/*
 * Full names, genitives, abbreviations; January first.  Abbreviations
 * that are English words next to a number ("12 led", "2 pro", "3 lip")
 * are left out: Czech led/pro/dub, Polish lip/sie.  Chinese, Japanese and
 * Korean months are numbers ("5月", "5월"), read in date.c.
 */
static const char *const date_months[12] = {
	"january jan janvier janv januar jänner jaenner jän enero ene "
	    "gennaio gen janeiro январь января янв січень січня січ "
	    "januari styczeń stycznia styczen sty leden ledna ocak oca január "
	    "януари",
	"february feb février fevrier févr fevr fév fev februar feber "
	    "febrero febbraio fevereiro февраль февраля фев февр лютий "
	    "лютого лют "
	    "februari luty lutego lut únor února unor unora úno "
	    "şubat subat şub február februar febr "
	    "февруари",
	"march mar mars märz maerz marz mär mrz marzo março marco март "
	    "марта березень березня бер "
	    "maart mrt marzec marca březen března brezen brezna bře mart "
	    "március marcius márc",
	"april apr avril avr abril abr aprile апрель апреля квітень квітня "
	    "квіт "
	    "kwiecień kwietnia kwiecien kwi duben dubna nisan nis "
	    "április aprilis ápr април",
	"may mai mayo maggio mag maio май мая травень травня трав "
	    "mei maj maja květen května kveten kvetna kvě mayis "
	    "május majus máj",
	"june jun juin juni junio giugno giu junho июнь июня июн червень "
	    "червня черв "
	    "czerwiec czerwca cze červen června cerven cervna čvn haziran haz "
	    "június junius jún юни",
	"july jul juillet juil juli julio luglio lug julho июль июля июл "
	    "липень липня лип "
	    "lipiec lipca červenec července cervenec cervence čvc temmuz tem "
	    "július julius júl юли",
	"august aug août aout agosto ago август августа авг серпень серпня "
	    "серп "
	    "augustus augusti sierpień sierpnia sierpien srpen srpna srp "
	    "ağustos agustos ağu augusztus",
	"september sep sept septembre septiembre setiembre settembre sett "
	    "set setembro сентябрь сентября сен сент вересень вересня вер "
	    "wrzesień września wrzesien wrzesnia wrz září zari zář eylül "
	    "eylul eyl szeptember szept септември",
	"october oct octobre oktober okt octubre ottobre ott outubro out "
	    "октябрь октября окт жовтень жовтня жовт "
	    "październik października pazdziernik pazdziernika paź říjen "
	    "října rijen rijna říj ekim eki október oktober октомври",
	"november nov novembre noviembre novembro ноябрь ноября ноя нояб "
	    "листопад листопада лист "
	    "listopad listopada listopadu lis kasim kas ноември",
	"december dec décembre decembre déc dezember dez diciembre dic "
	    "dicembre dezembro декабрь декабря дек грудень грудня груд "
	    "grudzień grudnia grudzien gru prosinec prosince aralik ara "
	    "декември",
};

struct date_wordlist {
	int		 dw_lang;
	const char	*dw_words;
};

/*
 * Units of "N units ago", second to year; months are 30 days and years
 * 365.  Their words, per language, in date_units in the same order.
 */
#define DATE_NUNITS	7
static const long long date_unit_secs[DATE_NUNITS] = {
	1, 60, 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400
};

static const struct {
	int		 du_lang;
	const char	*du_words[DATE_NUNITS];
} date_units[] = {
	{ L_EN, { "second seconds sec secs", "minute minutes min mins",
	    "hour hours hr hrs h", "day days", "week weeks wk wks",
	    "month months mo", "year years yr yrs" } },
	{ L_RU, { "секунду секунды секунд сек", "минуту минуты минут мин",
	    "час часа часов ч", "день дня дней дн", "неделю недели недель нед",
	    "месяц месяца месяцев мес", "год года лет" } },
	{ L_UK, { "секунду секунди секунд сек", "хвилину хвилини хвилин хв",
	    "годину години годин год", "день дні днів дня",
	    "тиждень тижні тижнів тижня", "місяць місяці місяців місяця міс",
	    "рік роки років року" } },
	{ L_DE, { "sekunde sekunden sek", "minute minuten min",
	    "stunde stunden std", "tag tage tagen", "woche wochen",
	    "monat monate monaten", "jahr jahre jahren" } },
	{ L_FR, { "seconde secondes sec", "minute minutes min",
	    "heure heures h", "jour jours", "semaine semaines", "mois",
	    "an ans année années annee annees" } },
	{ L_ES, { "segundo segundos seg", "minuto minutos min", "hora horas h",
	    "día días dia dias", "semana semanas", "mes meses",
	    "año años ano anos" } },
	{ L_IT, { "secondo secondi sec", "minuto minuti min", "ora ore",
	    "giorno giorni", "settimana settimane", "mese mesi",
	    "anno anni" } },
	{ L_PT, { "segundo segundos seg", "minuto minutos min", "hora horas h",
	    "dia dias", "semana semanas", "mês mes meses", "ano anos" } },
	{ L_NL, { "seconde seconden sec", "minuut minuten min", "uur uren",
	    "dag dagen", "week weken", "maand maanden", "jaar jaren" } },
	{ L_PL, { "sekunda sekundy sekund sekundę sek",
	    "minuta minuty minut minutę min",
	    "godzina godziny godzin godzinę godz", "dzień dni dzien",
	    "tydzień tygodnie tygodni tydzien tydz",
	    "miesiąc miesiące miesięcy miesiac mies", "rok lata lat" } },
	{ L_CS, { "sekundou sekundami sek", "minutou minutami min",
	    "hodinou hodinami hod", "dnem dny", "týdnem týdny tydnem tydny",
	    "měsícem měsíci mesicem mesici", "rokem roky lety" } },
	{ L_SV, { "sekund sekunder sek", "minut minuter min",
	    "timme timmar tim", "dag dagar", "vecka veckor", "månad månader",
	    "år" } },
	{ L_TR, { "saniye sn", "dakika dk", "saat", "gün", "hafta", "ay",
	    "yil" } },
	{ L_ZH, { "秒 秒钟 秒鐘", "分 分钟 分鐘", "小时 小時 个小时 個小時 钟头 鐘頭", "天 日",
	    "周 週 星期 个星期 個星期", "个月 個月", "年" } },
	{ L_JA, { "秒", "分", "時間", "日", "週間 週", "ヶ月 ケ月 か月 カ月 ヵ月", "年" } },
	{ L_KO, { "초", "분", "시간", "일", "주", "개월 달", "년" } },
};

/* "ago" after the unit. */
static const struct date_wordlist date_agos[] = {
	{ L_EN, "ago" },
	{ L_RU | L_UK, "назад" },
	{ L_UK, "тому" },
	{ L_IT, "fa" },
	{ L_ES | L_PT, "atrás atras" },
	{ L_NL, "geleden" },
	{ L_PL, "temu" },
	{ L_SV, "sedan" },
	{ L_TR, "önce" },
	{ L_ZH | L_JA, "前" },
	{ L_KO, "전" },
};

/* "ago" before the number: phrases. */
static const struct date_wordlist date_befores[] = {
	{ L_DE, "vor" },
	{ L_FR, "il y a" },
	{ L_ES, "hace" },
	{ L_PT, "há|ha" },
	{ L_CS, "před|pred" },
};

/* Words for "one" in place of the number. */
static const struct date_wordlist date_articles[] = {
	{ L_EN, "a an one" },
	{ L_RU | L_UK, "одну один одна" },
	{ L_DE, "ein eine einer einem einen" },
	{ L_FR, "un une" },
	{ L_ES, "un una" },
	{ L_IT, "un una uno" },
	{ L_PT, "um uma" },
	{ L_NL, "een één" },
	{ L_SV, "en ett" },
	{ L_TR, "bir" },
	{ L_ZH | L_JA, "一" },
	{ L_KO, "한" },
};

/* Days relative to today, as phrases; longest match wins. */
static const struct {
	int		 dd_days;
	const char	*dd_phrases;
} date_days[] = {
	{ DATE_DAY_NOW, "just now|right now|now|только что|сейчас|щойно|"
	    "gerade eben|soeben|jetzt|à l instant|a l instant|ahora mismo|"
	    "ahora|adesso|proprio ora|agora mesmo|agora|zojuist|zonet|"
	    "przed chwilą|przed chwila|právě teď|prave ted|před chvílí|"
	    "pred chvili|just nu|nyss|az önce|şimdi|刚刚|剛剛|刚才|剛才|"
	    "たった今|방금|방금 전" },
	{ 0, "today|сегодня|сьогодні|heute|aujourd hui|hoy|oggi|hoje|"
	    "vandaag|dzisiaj|dziś|dzis|dnes|idag|i dag|bugün|bugun|"
	    "今天|今日|오늘" },
	{ -1, "yesterday|вчера|вчора|учора|gestern|hier|ayer|ieri|ontem|"
	    "gisteren|wczoraj|včera|vcera|igår|i går|igar|i gar|dün|"
	    "昨天|昨日|어제" },
	{ -2, "day before yesterday|the day before yesterday|позавчера|"
	    "позавчора|vorgestern|avant hier|anteayer|antes de ayer|antier|"
	    "l altro ieri|altro ieri|anteontem|antes de ontem|eergisteren|"
	    "przedwczoraj|předevčírem|predevcirem|i förrgår|förrgår|"
	    "i forrgar|önceki gün|evvelki gün|前天|一昨日|おととい|"
	    "그저께|그제" },
};

/*
 * The Chinese, Japanese and Korean words of the lists above that are
 * longer than one character: the reader takes the longest that fits.
 */
#define DATE_CJK_LONGEST	4	/* characters: たった今 */
static const char date_cjk_words[] =
    "秒钟 秒鐘 分钟 分鐘 小时 小時 个小时 個小時 钟头 鐘頭 星期 个星期 "
    "個星期 个月 個月 時間 週間 ヶ月 ケ月 か月 カ月 ヵ月 시간 개월 刚刚 "
    "剛剛 刚才 剛才 たった今 방금 今天 今日 오늘 昨天 昨日 어제 前天 一昨日 "
    "おととい 그저께 그제";

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

size_t
date_words_cp(const char *s, size_t left, uint32_t *cp)
{
	long	 n;

	if ((n = text_utf8_char((const unsigned char *)s, left, cp)) < 0) {
		*cp = 0xfffd;
		return (1);
	}
	return ((size_t)n);
}

int
date_words_cjk(uint32_t c)
{
	return ((c >= 0x3040 && c <= 0x30ff) ||	/* kana */
	    (c >= 0x4e00 && c <= 0x9fff) ||		/* CJK ideographs */
	    (c >= 0xac00 && c <= 0xd7a3));		/* Hangul syllables */
}

int
date_words_letter(uint32_t c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x400 && c <= 0x4ff) || date_words_cjk(c));
}

int
date_words_after_word(const char *s, size_t pos)
{
	size_t		 i;
	uint32_t	 c;

	if (pos == 0)
		return (0);
	for (i = pos - 1; i > 0 && pos - i < 4 &&
	    ((unsigned char)s[i] & 0xc0) == 0x80; i--)
		;
	if (date_words_cp(s + i, pos - i, &c) != pos - i)
		return (0);
	return (date_words_letter(c) || (c >= '0' && c <= '9'));
}

static uint32_t
date_words_lower(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return (c + 0x20);
	if (c == 0x130 || c == 0x131)		/* Turkish İ ı */
		return ('i');
	/* Latin Extended-A comes in pairs, the capital first. */
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return (c | 1);			/* Ą Ć Č Ď Ę Ě Ğ Ř Ś Ş Š Ť Ů */
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c + (c & 1));		/* Ł Ń Ň Ź Ż Ž */
	if (c == 0x178)				/* Ÿ */
		return (0xff);
	if (c >= 0x410 && c <= 0x42f)		/* А..Я */
		return (c + 0x20);
	if (c >= 0x400 && c <= 0x40f)		/* Ѐ..Џ: Ё Є І Ї */
		return (c + 0x50);
	if (c >= 0x490 && c <= 0x4bf && c % 2 == 0)	/* Ґ and others */
		return (c + 1);
	return (c);
}


/*
 * Every word of the lists above, for one hash lookup where a scan of
 * sixteen languages' lists cost a thousand instructions a word: its month
 * (1..12, else 0) and whether a relative phrase may begin with it.  Made
 * on first use from the constant lists, never changed after: the daemon
 * is single-threaded, and the answers stay pure functions of the text.
 */
struct date_windex {
	int	wi_month;
	int	wi_starts;
	int	wi_cjk;		/* one of date_cjk_words */
};

static xmlHashTablePtr	 date_index;

static struct date_windex *
date_index_entry(const char *w, size_t len)
{
	struct date_windex	*e;
	xmlChar			*key;

	if (len == 0 || len >= DATE_WORD_MAX)
		return (NULL);
	key = xmlStrndup((const xmlChar *)w, (int)len);
	if ((e = xmlHashLookup(date_index, key)) == NULL &&
	    (e = calloc(1, sizeof(*e))) != NULL &&
	    xmlHashAddEntry(date_index, key, e) != 0) {
		free(e);
		e = NULL;
	}
	xmlFree(key);
	return (e);
}

#define DATE_INDEX_CJK	-1

/* Marks the words of LIST (space-separated; with PHRASES, only the first
 * word of each '|'-separated phrase) with MONTH, as starters (0), or as
 * CJK words (DATE_INDEX_CJK). */
static void
date_index_add(const char *list, int phrases, int month)
{
	struct date_windex	*e;
	size_t			 len;

	while (*list != '\0') {
		len = strcspn(list, phrases ? " |" : " ");
		if ((e = date_index_entry(list, len)) != NULL) {
			if (month == DATE_INDEX_CJK)
				e->wi_cjk = 1;
			else if (month == 0)
				e->wi_starts = 1;
			else if (e->wi_month == 0)
				e->wi_month = month;
		}
		list += len;
		if (phrases && *list == ' ')
			list += strcspn(list, "|");
		list += *list != '\0';
	}
}

static void
date_index_make(void)
{
	size_t	 i, u;

	if (date_index != NULL || (date_index = xmlHashCreate(512)) == NULL)
		return;
	for (i = 0; i < 12; i++)
		date_index_add(date_months[i], 0, (int)i + 1);
	for (i = 0; i < NELEM(date_days); i++)
		date_index_add(date_days[i].dd_phrases, 1, 0);
	for (i = 0; i < NELEM(date_befores); i++)
		date_index_add(date_befores[i].dw_words, 1, 0);
	for (i = 0; i < NELEM(date_articles); i++)
		date_index_add(date_articles[i].dw_words, 0, 0);
	for (i = 0; i < NELEM(date_units); i++)
		for (u = 0; u < DATE_NUNITS; u++)
			date_index_add(date_units[i].du_words[u], 0, 0);
	date_index_add(date_cjk_words, 0, DATE_INDEX_CJK);
}

static const struct date_windex *
date_index_lookup(const char *w)
{
	date_index_make();
	return (date_index != NULL && *w != '\0' ?
	    xmlHashLookup(date_index, (const xmlChar *)w) : NULL);
}

/* The longest word of date_cjk_words at S + POS (none is longer than
 * DATE_CJK_LONGEST characters), else one character. */
static size_t
date_words_read_cjk(const char *s, size_t len, size_t pos, char *w)
{
	const struct date_windex	*e;
	size_t				 ends[DATE_CJK_LONGEST + 1], k = 0;
	uint32_t			 c;

	ends[0] = pos;
	while (k < DATE_CJK_LONGEST && ends[k] < len) {
		ends[k + 1] = ends[k] + date_words_cp(s + ends[k],
		    len - ends[k], &c);
		k++;
	}
	for (; k > 0; k--) {
		if (ends[k] - pos >= DATE_WORD_MAX)
			continue;
		memcpy(w, s + pos, ends[k] - pos);
		w[ends[k] - pos] = '\0';
		if (k == 1 || ((e = date_index_lookup(w)) != NULL &&
		    e->wi_cjk))
			return (ends[k] - pos);
	}
	return (0);
}

size_t
date_words_read(const char *s, size_t len, size_t pos, char *w)
{
	size_t		 start = pos, o = 0, n;
	uint32_t	 c;

	if (pos < len) {
		(void)date_words_cp(s + pos, len - pos, &c);
		if (date_words_cjk(c))
			return (date_words_read_cjk(s, len, pos, w));
	}
	while (pos < len) {
		n = date_words_cp(s + pos, len - pos, &c);
		if (!date_words_letter(c) || date_words_cjk(c))
			break;
		c = date_words_lower(c);
		if (o + 3 >= DATE_WORD_MAX)
			return (0);
		if (c < 0x80)
			w[o++] = (char)c;
		else {
			/* CJK aside, letters are below U+0800. */
			w[o++] = (char)(0xc0 | (c >> 6));
			w[o++] = (char)(0x80 | (c & 0x3f));
		}
		pos += n;
	}
	w[o] = '\0';
	return (pos - start);
}

/* Whether W is one of the space-separated words of LIST. */
static int
date_words_in(const char *list, const char *w)
{
	size_t	 n = strlen(w);

	if (n == 0)
		return (0);
	for (; list != NULL; list = strchr(list, ' ')) {
		list += *list == ' ';
		if (*list == *w && strncmp(list, w, n) == 0 &&
		    (list[n] == ' ' || list[n] == '\0'))
			return (1);
	}
	return (0);
}

int
date_words_month(const char *w)
{
	const struct date_windex	*e = date_index_lookup(w);

	return (e != NULL ? e->wi_month : 0);
}

int
date_words_may_hold(const char *s)
{
	const struct date_windex	*e;
	char				 w[DATE_WORD_MAX];
	size_t				 len = strlen(s), pos = 0, n;
	uint32_t			 c;

	while (pos < len) {
		n = date_words_cp(s + pos, len - pos, &c);
		if (!date_words_letter(c)) {
			pos += n;
			continue;
		}
		if ((n = date_words_read(s, len, pos, w)) > 0) {
			if ((e = date_index_lookup(w)) != NULL &&
			    (e->wi_month != 0 || e->wi_starts))
				return (1);
			pos += n;
			continue;
		}
		/* A word too long to be one of the lists': past it (one
		 * character at least). */
		pos += date_words_cp(s + pos, len - pos, &c);
		while (pos < len) {
			n = date_words_cp(s + pos, len - pos, &c);
			if (!date_words_letter(c) || date_words_cjk(c))
				break;
			pos += n;
		}
	}
	return (0);
}

int
date_words_may_relate(const char *s, size_t len, size_t pos)
{
	const struct date_windex	*e;
	char				 w[DATE_WORD_MAX];

	if (pos >= len)
		return (0);
	/* A number begins "5 minutes ago"; a word must be one a phrase,
	 * "one", or (Slavic: "час назад") a unit begins with. */
	if (s[pos] >= '0' && s[pos] <= '9')
		return (1);
	return (date_words_read(s, len, pos, w) > 0 &&
	    (e = date_index_lookup(w)) != NULL && e->wi_starts);
}

/* The languages among LANGS of the lists that hold W. */
static int
date_words_langs(const struct date_wordlist *wl, size_t n, const char *w,
    int langs)
{
	size_t	 i;
	int	 found = 0;

	for (i = 0; i < n; i++) {
		if ((wl[i].dw_lang & langs) && date_words_in(wl[i].dw_words, w))
			found |= wl[i].dw_lang & langs;
	}
	return (found);
}

/*
 * Matches the longest of PHRASES ('|'-separated, words space-separated)
 * against the start of TOK; returns the tokens it spans, or 0.
 */
static size_t
date_words_phrase(const char *phrases, const struct date_tok *tok,
    size_t ntok)
{
	const char	*p = phrases;
	size_t		 best = 0, i, k;

	while (*p != '\0') {
		/* The first byte rules out most words, and numbers (""). */
		for (i = 0; i < ntok && *p == tok[i].dt_word[0]; i++) {
			k = strcspn(p, " |");
			if (strlen(tok[i].dt_word) != k ||
			    memcmp(tok[i].dt_word, p, k) != 0)
				break;
			p += k;
			if (*p != ' ') {
				/* The whole phrase matched. */
				if (i + 1 > best)
					best = i + 1;
				break;
			}
			p++;
		}
		if ((p = strchr(p, '|')) == NULL)
			break;
		p++;
	}
	return (best);
}

size_t
date_words_tokens(const char *s, size_t len, size_t pos, struct date_tok *tok)
{
	size_t		 n = 0, p = pos, q, k;
	uint32_t	 c;
	int		 v;

	while (n < DATE_TOK_MAX && p < len) {
		/* Separators, but none before the first token. */
		for (q = p; n > 0 && q < len && q - p <= DATE_SEP_MAX; q += k) {
			k = date_words_cp(s + q, len - q, &c);
			if (c != ' ' && c != '.' && c != '-' && c != '\'' &&
			    c != 0x2019)
				break;
		}
		if (q - p > DATE_SEP_MAX || q >= len)
			break;
		if (s[q] >= '0' && s[q] <= '9') {
			for (k = 0, v = 0; q + k < len && s[q + k] >= '0' &&
			    s[q + k] <= '9'; k++) {
				if (k == DATE_NUM_DIGITS)
					return (n);
				v = v * 10 + (s[q + k] - '0');
			}
			tok[n].dt_word[0] = '\0';
			tok[n].dt_num = v;
		} else {
			k = date_words_read(s, len, q, tok[n].dt_word);
			if (k == 0)
				break;
			tok[n].dt_num = -1;
		}
		p = q + k;
		tok[n++].dt_end = p;
	}
	return (n);
}

enum date_rel
date_words_relative(const struct date_tok *tok, size_t ntok, size_t *used,
    long long *secs, int *days)
{
	size_t		 i, j, k, u, best = 0;
	long long	 count = 1;
	int		 langs = L_ALL, m, bare = 0, before = 0, d = 0;

	/* Phrases begin with a word: "5 days ago" needs none of them. */
	for (i = 0; tok[0].dt_num < 0 && i < NELEM(date_days); i++) {
		if ((k = date_words_phrase(date_days[i].dd_phrases, tok,
		    ntok)) > best) {
			best = k;
			d = date_days[i].dd_days;
		}
	}
	if (best > 0) {
		*used = best;
		if (d == DATE_DAY_NOW)
			return (DATE_REL_NOW);
		*days = d;
		return (DATE_REL_DAY);
	}

	/* [before] (number | "one" | nothing) unit [ago] */
	i = 0;
	for (k = 0; tok[0].dt_num < 0 && k < NELEM(date_befores); k++) {
		if ((i = date_words_phrase(date_befores[k].dw_words, tok,
		    ntok)) > 0) {
			langs = date_befores[k].dw_lang;
			before = 1;
			break;
		}
	}
	if (i >= ntok)
		return (DATE_REL_NONE);
	if (tok[i].dt_num >= 0)
		count = tok[i++].dt_num;
	else if ((m = date_words_langs(date_articles, NELEM(date_articles),
	    tok[i].dt_word, langs)) != 0) {
		langs = m;
		i++;
	} else
		bare = 1;
	if (i >= ntok || tok[i].dt_num >= 0)
		return (DATE_REL_NONE);
	k = i++;	/* the unit, read once the language is known */
	if (!before) {
		if (i >= ntok || (m = date_words_langs(date_agos,
		    NELEM(date_agos), tok[i].dt_word, langs)) == 0)
			return (DATE_REL_NONE);
		langs = m;
		i++;
		/* Only Slavic drops the number: "час назад". */
		if (bare && (langs & L_SLAVIC) == 0)
			return (DATE_REL_NONE);
	} else {
		if (bare && (langs & L_SLAVIC) == 0)
			return (DATE_REL_NONE);
		/* "há 2 horas atrás" says it twice. */
		if (i < ntok && date_words_langs(date_agos, NELEM(date_agos),
		    tok[i].dt_word, langs) != 0)
			i++;
	}
	for (j = 0; j < NELEM(date_units); j++) {
		if ((date_units[j].du_lang & langs) == 0)
			continue;
		for (u = 0; u < DATE_NUNITS; u++) {
			if (date_words_in(date_units[j].du_words[u],
			    tok[k].dt_word)) {
				*secs = count * date_unit_secs[u];
				*used = i;
				return (DATE_REL_AGO);
			}
		}
	}
	return (DATE_REL_NONE);
}
