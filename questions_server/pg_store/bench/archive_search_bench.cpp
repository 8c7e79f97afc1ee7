// archive_search_bench: search latency over a generated archive. Migrates the database it is
// given, fills it (unless it holds the archive already) with EPISODES archived episodes — titles
// and descriptions in sr-Latn, sr-Cyrl, sq and en, 2–5 guests each from a pool of ~300 people
// with their names in Cyrillic, Latin, ASCII and Albanian spelling, topics — and QUESTIONS aired
// questions built from Serbian (both scripts), Albanian and English word lists; ANALYZE; then runs
// SEARCHES searches of a realistic mix through ArchiveStore::search and prints one JSON object
// with client-side latencies (round trip included). Seeded: the same arguments give the same
// archive and the same queries.
//
//   archive_search_bench --database URI [--episodes 500] [--questions 500000]
//                        [--searches 1200] [--limit 10] [--seed 6]
// --searches 0 only generates (and prints what it made).
// A tool, not a test: tests/load/archive_search.sh runs it on a private cluster.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sporazum/core/utf8.hpp"
#include "sporazum/pg/admin.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- word lists ---------------------------------------------------------------------------------
// Ordered roughly by frequency: function words first, then the show's everyday subjects; sampling
// is Zipf-like over this order, so the first content words are common and the last rare.

const std::vector<std::string> kSerbian = {
    "da",           "li",         "je",         "i",         "u",         "na",
    "za",           "će",         "se",         "kada",      "zašto",     "kako",
    "šta",          "ko",         "gde",        "hoće",      "biti",      "treba",
    "može",         "nije",       "od",         "sa",        "do",        "o",
    "ali",          "ili",        "nas",        "nam",       "vas",       "ministre",
    "predsedniče",  "struja",     "struje",     "voda",      "vode",      "put",
    "puta",         "most",       "mostu",      "škola",     "škole",     "bolnica",
    "bolnici",      "posao",      "posla",      "plata",     "plate",     "penzija",
    "penzije",      "cena",       "cene",       "račun",     "računi",    "opština",
    "opštini",      "vlada",      "vlade",      "izbori",    "izbora",    "dokumenta",
    "lična",        "karta",      "tablice",    "granica",   "prelaz",    "policija",
    "policije",     "bezbednost", "deca",       "dece",      "mladi",     "mladih",
    "selo",         "sela",       "grad",       "grada",     "ulica",     "autobus",
    "lekar",        "lekara",     "lekovi",     "hleb",      "zakon",     "zakona",
    "sud",          "pravo",      "imovina",    "imovine",   "zemlja",    "kuća",
    "kuće",         "stan",       "kredit",     "porez",     "porezi",    "carina",
    "roba",         "prodavnica", "firma",      "radnik",    "radnici",   "dijalog",
    "dijaloga",     "dogovor",    "sporazum",   "sporazuma", "zajednica", "srpskih",
    "opština",      "Brisel",     "Briselu",    "Beograd",   "Beogradu",  "Priština",
    "Prištini",     "jezik",      "ćirilica",   "sveske",    "udžbenici", "grejanje",
    "drva",         "ogrev",      "zima",       "leto",      "suša",      "poplava",
    "kanalizacija", "vodovod",    "asfalt",     "rasveta",   "vrtić",     "igralište",
    "fudbal",       "teren",      "biblioteka", "manastir",  "crkva",     "groblje",
    "spomenik",     "povratak",   "raseljeni",  "izbeglice", "nestali",   "istina",
    "pomirenje",    "budućnost",  "strah",      "nada",      "poverenje", "ljudi",
    "komšije",      "život",      "džamija",    "đaci",      "đačke",     "nož",
    "žito",         "šuma",       "čamac",      "ćevapi",    "džep",      "ljubav",
    "njiva",        "ključ"};

const std::vector<std::string> kAlbanian = {"a",
                                            "do",
                                            "të",
                                            "në",
                                            "e",
                                            "i",
                                            "për",
                                            "dhe",
                                            "që",
                                            "kur",
                                            "pse",
                                            "si",
                                            "çka",
                                            "kush",
                                            "ku",
                                            "është",
                                            "nuk",
                                            "me",
                                            "nga",
                                            "deri",
                                            "por",
                                            "apo",
                                            "ne",
                                            "na",
                                            "ju",
                                            "ministër",
                                            "kryeministër",
                                            "rryma",
                                            "rrymës",
                                            "uji",
                                            "ujit",
                                            "rruga",
                                            "rrugës",
                                            "ura",
                                            "urës",
                                            "shkolla",
                                            "shkollës",
                                            "spitali",
                                            "spitalit",
                                            "puna",
                                            "punës",
                                            "paga",
                                            "pagës",
                                            "pensioni",
                                            "pensionit",
                                            "çmimi",
                                            "çmimet",
                                            "fatura",
                                            "komuna",
                                            "komunës",
                                            "qeveria",
                                            "qeverisë",
                                            "zgjedhjet",
                                            "zgjedhjeve",
                                            "dokumentet",
                                            "letërnjoftimi",
                                            "targat",
                                            "kufiri",
                                            "kalimi",
                                            "policia",
                                            "policisë",
                                            "siguria",
                                            "sigurisë",
                                            "fëmijët",
                                            "fëmijëve",
                                            "të rinjtë",
                                            "fshati",
                                            "fshatit",
                                            "qyteti",
                                            "qytetit",
                                            "autobusi",
                                            "mjeku",
                                            "mjekut",
                                            "ilaçet",
                                            "buka",
                                            "ligji",
                                            "ligjit",
                                            "gjykata",
                                            "e drejta",
                                            "prona",
                                            "pronës",
                                            "toka",
                                            "shtëpia",
                                            "shtëpisë",
                                            "banesa",
                                            "kredia",
                                            "tatimi",
                                            "tatimet",
                                            "dogana",
                                            "malli",
                                            "dyqani",
                                            "firma",
                                            "punëtori",
                                            "punëtorët",
                                            "dialogu",
                                            "dialogut",
                                            "marrëveshja",
                                            "marrëveshjes",
                                            "asociacioni",
                                            "komunave",
                                            "serbe",
                                            "Brukseli",
                                            "Brukselit",
                                            "Beogradi",
                                            "Prishtina",
                                            "Prishtinës",
                                            "gjuha",
                                            "çështja",
                                            "çështjen",
                                            "ngrohja",
                                            "drutë",
                                            "dimri",
                                            "vera",
                                            "thatësira",
                                            "përmbytja",
                                            "kanalizimi",
                                            "ujësjellësi",
                                            "asfalti",
                                            "ndriçimi",
                                            "çerdhja",
                                            "këndi",
                                            "futbolli",
                                            "biblioteka",
                                            "xhamia",
                                            "kisha",
                                            "varrezat",
                                            "përmendorja",
                                            "kthimi",
                                            "të zhvendosurit",
                                            "refugjatët",
                                            "të zhdukurit",
                                            "e vërteta",
                                            "pajtimi",
                                            "e ardhmja",
                                            "frika",
                                            "shpresa",
                                            "besimi",
                                            "njerëzit",
                                            "fqinjët",
                                            "jeta",
                                            "Kosovës",
                                            "Kosova",
                                            "Kosovë",
                                            "gjyqësori",
                                            "çmimeve",
                                            "ëndrra",
                                            "xhepi",
                                            "gjethja",
                                            "dhoma",
                                            "thika"};

const std::vector<std::string> kEnglish = {"the",
                                           "will",
                                           "be",
                                           "and",
                                           "to",
                                           "of",
                                           "in",
                                           "when",
                                           "why",
                                           "how",
                                           "what",
                                           "who",
                                           "where",
                                           "is",
                                           "are",
                                           "not",
                                           "with",
                                           "from",
                                           "for",
                                           "but",
                                           "or",
                                           "we",
                                           "us",
                                           "you",
                                           "minister",
                                           "president",
                                           "electricity",
                                           "power",
                                           "water",
                                           "road",
                                           "roads",
                                           "bridge",
                                           "bridges",
                                           "school",
                                           "schools",
                                           "hospital",
                                           "job",
                                           "jobs",
                                           "salary",
                                           "wages",
                                           "pension",
                                           "pensions",
                                           "price",
                                           "prices",
                                           "bill",
                                           "bills",
                                           "municipality",
                                           "government",
                                           "elections",
                                           "election",
                                           "documents",
                                           "identity",
                                           "card",
                                           "plates",
                                           "border",
                                           "crossing",
                                           "police",
                                           "security",
                                           "children",
                                           "young",
                                           "people",
                                           "village",
                                           "town",
                                           "street",
                                           "bus",
                                           "doctor",
                                           "medicine",
                                           "bread",
                                           "law",
                                           "court",
                                           "rights",
                                           "property",
                                           "land",
                                           "house",
                                           "flat",
                                           "loan",
                                           "tax",
                                           "taxes",
                                           "customs",
                                           "goods",
                                           "shop",
                                           "company",
                                           "worker",
                                           "workers",
                                           "dialogue",
                                           "agreement",
                                           "association",
                                           "serb",
                                           "municipalities",
                                           "Brussels",
                                           "Belgrade",
                                           "Pristina",
                                           "language",
                                           "textbooks",
                                           "heating",
                                           "firewood",
                                           "winter",
                                           "summer",
                                           "drought",
                                           "flood",
                                           "sewage",
                                           "asphalt",
                                           "streetlights",
                                           "kindergarten",
                                           "playground",
                                           "football",
                                           "library",
                                           "monastery",
                                           "church",
                                           "cemetery",
                                           "monument",
                                           "return",
                                           "displaced",
                                           "refugees",
                                           "missing",
                                           "truth",
                                           "reconciliation",
                                           "future",
                                           "fear",
                                           "hope",
                                           "trust",
                                           "neighbours",
                                           "life",
                                           "Kosovo",
                                           "judiciary",
                                           "tariffs",
                                           "visa",
                                           "liberalisation",
                                           "telecom",
                                           "mobile",
                                           "signal"};

struct Place {
  std::string sr;  // Latin
  std::string sq;
  std::string en;
};

const std::vector<Place> kPlaces = {{"Đakovica", "Gjakova", "Gjakova"},
                                    {"Priština", "Prishtina", "Pristina"},
                                    {"Kosovska Mitrovica", "Mitrovica", "Mitrovica"},
                                    {"Zvečan", "Zveçan", "Zvečan"},
                                    {"Zubin Potok", "Zubin Potok", "Zubin Potok"},
                                    {"Leposavić", "Leposaviq", "Leposavić"},
                                    {"Gračanica", "Graçanica", "Gračanica"},
                                    {"Peć", "Peja", "Peja"},
                                    {"Prizren", "Prizreni", "Prizren"},
                                    {"Štrpce", "Shtërpca", "Štrpce"},
                                    {"Vučitrn", "Vushtrria", "Vushtrri"},
                                    {"Uroševac", "Ferizaj", "Ferizaj"},
                                    {"Gnjilane", "Gjilani", "Gjilan"},
                                    {"Dečani", "Deçani", "Dečani"},
                                    {"Orahovac", "Rahoveci", "Rahovec"},
                                    {"Novo Brdo", "Novobërda", "Novo Brdo"},
                                    {"Kosovo Polje", "Fushë Kosova", "Kosovo Polje"},
                                    {"Lipljan", "Lipjani", "Lipljan"},
                                    {"Istok", "Istogu", "Istog"},
                                    {"Klina", "Klina", "Klina"}};

struct Topic {
  std::string sr;
  std::string sq;
  std::string en;
};

const std::vector<Topic> kTopics = {
    {"izbori", "zgjedhjet", "elections"},
    {"struja", "energjia", "electricity"},
    {"voda", "uji", "water"},
    {"putevi", "rrugët", "roads"},
    {"zapošljavanje", "punësimi", "jobs"},
    {"zdravstvo", "shëndetësia", "healthcare"},
    {"obrazovanje", "arsimi", "education"},
    {"tablice", "targat", "licence plates"},
    {"dokumenta", "dokumentet", "documents"},
    {"penzije", "pensionet", "pensions"},
    {"bezbednost", "siguria", "security"},
    {"zajednica srpskih opština", "asociacioni i komunave serbe",
     "association of Serb municipalities"},
    {"dijalog", "dialogu", "dialogue"},
    {"granica", "kufiri", "border"},
    {"carine", "doganat", "customs"},
    {"investicije", "investimet", "investment"},
    {"porezi", "tatimet", "taxes"},
    {"mladi", "të rinjtë", "youth"},
    {"nestali", "të zhdukurit", "the missing"},
    {"povratak raseljenih", "kthimi i të zhvendosurve", "return of the displaced"}};

const std::vector<std::string> kSerbianFirst = {
    "Aleksandar", "Ana",     "Ivica",    "Milica",  "Dragan",    "Nenad",   "Jelena",
    "Marko",      "Goran",   "Zoran",    "Vesna",   "Snežana",   "Đorđe",   "Nikola",
    "Miloš",      "Dušan",   "Ljiljana", "Željko",  "Branislav", "Tatjana", "Petar",
    "Srđan",      "Nebojša", "Dejan",    "Gordana", "Slađana"};
const std::vector<std::string> kSerbianLast = {
    "Vučić",   "Brnabić",    "Dačić",  "Đurić",      "Petković",   "Jovanović",   "Marković",
    "Nikolić", "Stojanović", "Ilić",   "Đorđević",   "Pavlović",   "Savić",       "Lazić",
    "Radić",   "Tadić",      "Ljajić", "Živković",   "Čolić",      "Mitrović",    "Popović",
    "Kostić",  "Simić",      "Rašić",  "Jablanović", "Spasojević", "Milovanović", "Trajković",
    "Rakić",   "Šćekić",     "Džunić", "Njegoš"};
const std::vector<std::string> kAlbanianFirst = {
    "Albin",  "Vjosa",   "Ramush",  "Hashim", "Kadri",  "Donika", "Besnik", "Arben",
    "Fatmir", "Jetmir",  "Blerina", "Drita",  "Shpend", "Ilir",   "Gëzim",  "Lumir",
    "Arbër",  "Xhevdet", "Teuta",   "Mimoza", "Enver",  "Glauk"};
const std::vector<std::string> kAlbanianLast = {
    "Kurti",   "Osmani", "Haradinaj", "Thaçi",   "Veseli",  "Gërvalla", "Hoxhaj",    "Çitaku",
    "Mustafa", "Limaj",  "Kuçi",      "Bislimi", "Rexhepi", "Krasniqi", "Berisha",   "Gashi",
    "Shala",   "Hyseni", "Morina",    "Zeka",    "Sejdiu",  "Konjufca", "Abdixhiku", "Rama"};
const std::vector<std::string> kInternational = {
    "Miroslav Lajčák", "Josep Borrell",  "Gabriel Escobar", "Olivér Várhelyi",  "Emmanuel Macron",
    "Olaf Scholz",     "Giorgia Meloni", "Antony Blinken",  "Jeffrey Hovenier", "Christopher Hill"};

const std::vector<std::string> kRoles = {
    "predsednik", "premijer",     "ministar", "poslanik", "gradonačelnik", "analitičar",
    "novinar",    "kryeministër", "ministër", "deputet",  "ambasador",     "posrednik EU"};
const std::vector<std::string> kParties = {"SNS", "SPS", "SSP", "Srpska lista", "Vetëvendosje",
                                           "PDK", "LDK", "AAK", "nestranački",  ""};

// ---- spelling -----------------------------------------------------------------------------------

/// Serbian Latin → Cyrillic (lj, nj, dž as one letter each).
std::string toCyrillic(const std::string& latin) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"Lj", "Љ"}, {"LJ", "Љ"}, {"lj", "љ"}, {"Nj", "Њ"}, {"NJ", "Њ"}, {"nj", "њ"}, {"Dž", "Џ"},
      {"DŽ", "Џ"}, {"dž", "џ"}, {"A", "А"},  {"B", "Б"},  {"V", "В"},  {"G", "Г"},  {"D", "Д"},
      {"Đ", "Ђ"},  {"E", "Е"},  {"Ž", "Ж"},  {"Z", "З"},  {"I", "И"},  {"J", "Ј"},  {"K", "К"},
      {"L", "Л"},  {"M", "М"},  {"N", "Н"},  {"O", "О"},  {"P", "П"},  {"R", "Р"},  {"S", "С"},
      {"T", "Т"},  {"Ć", "Ћ"},  {"U", "У"},  {"F", "Ф"},  {"H", "Х"},  {"C", "Ц"},  {"Č", "Ч"},
      {"Š", "Ш"},  {"a", "а"},  {"b", "б"},  {"v", "в"},  {"g", "г"},  {"d", "д"},  {"đ", "ђ"},
      {"e", "е"},  {"ž", "ж"},  {"z", "з"},  {"i", "и"},  {"j", "ј"},  {"k", "к"},  {"l", "л"},
      {"m", "м"},  {"n", "н"},  {"o", "о"},  {"p", "п"},  {"r", "р"},  {"s", "с"},  {"t", "т"},
      {"ć", "ћ"},  {"u", "у"},  {"f", "ф"},  {"h", "х"},  {"c", "ц"},  {"č", "ч"},  {"š", "ш"}};
  std::string out;
  for (std::size_t i = 0; i < latin.size();) {
    bool matched = false;
    for (const auto& [from, to] : kPairs) {
      if (latin.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += latin[i++];
  }
  return out;
}

std::string replaceAll(std::string text,
                       const std::vector<std::pair<std::string, std::string>>& map) {
  for (const auto& [from, to] : map) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

/// Without diacritics, as people type on a phone: č, ć → c, š → s, ž → z, đ → dj, ë → e, ç → c.
std::string ascii(const std::string& text) {
  return replaceAll(text, {{"č", "c"},
                           {"ć", "c"},
                           {"š", "s"},
                           {"ž", "z"},
                           {"đ", "dj"},
                           {"Č", "C"},
                           {"Ć", "C"},
                           {"Š", "S"},
                           {"Ž", "Z"},
                           {"Đ", "Dj"},
                           {"ë", "e"},
                           {"ç", "c"},
                           {"Ë", "E"},
                           {"Ç", "C"},
                           {"é", "e"},
                           {"á", "a"},
                           {"ó", "o"}});
}

/// A Serbian name as Albanian spells it (Vučić → Vuçiq).
std::string albanianSpelling(const std::string& serbian) {
  return replaceAll(serbian, {{"dž", "xh"},
                              {"Dž", "Xh"},
                              {"č", "ç"},
                              {"Č", "Ç"},
                              {"ć", "q"},
                              {"Ć", "Q"},
                              {"š", "sh"},
                              {"Š", "Sh"},
                              {"ž", "zh"},
                              {"Ž", "Zh"},
                              {"đ", "gj"},
                              {"Đ", "Gj"}});
}

/// An Albanian name as Serbian Latin spells it (Hoxhaj → Hodžaj, Thaçi → Tači).
std::string serbianSpelling(const std::string& albanian) {
  return replaceAll(albanian, {{"xh", "dž"}, {"Xh", "Dž"}, {"sh", "š"}, {"Sh", "Š"}, {"zh", "ž"},
                               {"Zh", "Ž"},  {"gj", "đ"},  {"Gj", "Đ"}, {"th", "t"}, {"Th", "T"},
                               {"dh", "d"},  {"Dh", "D"},  {"ç", "č"},  {"Ç", "Č"},  {"q", "ć"},
                               {"ë", "e"},   {"Ë", "E"},   {"y", "i"},  {"ll", "l"}, {"rr", "r"}});
}

std::vector<std::string> codePoints(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    sporazum::core::decodeUtf8(text, pos);
    out.push_back(text.substr(start, pos - start));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::size_t from = 0,
                 std::size_t to = std::string::npos) {
  std::string out;
  for (std::size_t i = from; i < std::min(to, parts.size()); ++i)
    out += parts[i];
  return out;
}

// ---- random -------------------------------------------------------------------------------------

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(engine_);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  /// Zipf-like over 0…n-1 (exponent s): index 0 the most frequent.
  std::size_t zipf(std::size_t n, double s = 1.0) {
    auto& cumulative = tables_[{n, s}];
    if (cumulative.empty()) {
      double sum = 0;
      for (std::size_t k = 0; k < n; ++k) {
        sum += 1.0 / std::pow(static_cast<double>(k + 1), s);
        cumulative.push_back(sum);
      }
    }
    const double x = std::uniform_real_distribution<double>(0, cumulative.back())(engine_);
    return static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), x) -
                                    cumulative.begin());
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  std::string uuid() {
    std::uniform_int_distribution<std::uint64_t> d;
    const std::uint64_t a = d(engine_);
    const std::uint64_t b = d(engine_);
    char text[40];
    std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(a >> 32),
                  static_cast<unsigned long long>((a >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(a & 0xFFF),
                  static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return text;
  }

 private:
  std::mt19937_64 engine_;
  std::map<std::pair<std::size_t, double>, std::vector<double>> tables_;
};

// ---- the archive --------------------------------------------------------------------------------

enum class Origin { Serbian, Albanian, International };

struct Person {
  std::string name;  // as first written
  std::string surnameLatin;
  std::vector<std::string> aliases;
  Origin origin = Origin::Serbian;
};

std::vector<Person> makePeople(Random& random, std::size_t count) {
  std::vector<Person> people;
  std::set<std::string> seen;
  for (const auto& name : kInternational) {
    Person p{name, name.substr(name.find(' ') + 1), {name, ascii(name)}, Origin::International};
    people.push_back(p);
    seen.insert(name);
  }
  while (people.size() < count) {
    const bool serbian = random.chance(0.6);
    const std::string first = serbian ? random.pick(kSerbianFirst) : random.pick(kAlbanianFirst);
    const std::string last = serbian ? random.pick(kSerbianLast) : random.pick(kAlbanianLast);
    const std::string latin = first + " " + last;
    if (!seen.insert(latin).second) continue;
    Person p;
    p.origin = serbian ? Origin::Serbian : Origin::Albanian;
    p.surnameLatin = last;
    if (serbian) {
      const std::string cyrillic = toCyrillic(latin);
      p.name = random.chance(0.5) ? cyrillic : latin;
      p.aliases = {latin, cyrillic, ascii(latin), albanianSpelling(latin)};
    } else {
      const std::string serbianLatin = serbianSpelling(latin);
      p.name = latin;
      p.aliases = {latin, ascii(latin), serbianLatin, toCyrillic(serbianLatin)};
    }
    people.push_back(std::move(p));
  }
  return people;
}

std::string capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

enum class Lang { SrLatn, SrCyrl, Sq, En };

/// A viewer's question: 8–20 words, sometimes a place or a guest's surname.
std::string makeQuestion(Random& random, Lang lang, const std::vector<Person>& guests) {
  const auto& words = lang == Lang::Sq ? kAlbanian : lang == Lang::En ? kEnglish : kSerbian;
  const std::size_t n = 8 + random.below(13);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(words[random.zipf(words.size(), 0.9)]);
  if (random.chance(0.3)) {
    const Place& place = random.pick(kPlaces);
    out[random.below(out.size())] = lang == Lang::Sq   ? place.sq
                                    : lang == Lang::En ? place.en
                                                       : place.sr;
  }
  if (!guests.empty() && random.chance(0.15)) {
    const Person& p = random.pick(guests);
    out[random.below(out.size())] =
        lang == Lang::Sq && p.origin == Origin::Serbian    ? albanianSpelling(p.surnameLatin)
        : p.origin == Origin::Albanian && lang != Lang::Sq ? serbianSpelling(p.surnameLatin)
                                                           : p.surnameLatin;
  }
  std::string text;
  for (const auto& w : out)
    text += (text.empty() ? capitalized(w) : " " + w);
  text += "?";
  return lang == Lang::SrCyrl ? toCyrillic(text) : text;
}

struct Generated {
  double seconds = 0;
  std::size_t episodes = 0;
  std::size_t questions = 0;
  std::size_t people = 0;
};

void exec(pqxx::connection& conn, const std::string& sql) {
  pqxx::work txn(conn);
  txn.exec(sql);
  txn.commit();
}

Generated generate(const std::string& uri, const std::vector<Person>& people,
                   std::size_t episodeCount, std::size_t questionCount, Random& random) {
  const auto started = Clock::now();
  pqxx::connection conn(uri);
  std::vector<std::int64_t> personIds;
  {
    pqxx::work txn(conn);
    for (const auto& p : people) {
      const auto id =
          txn.exec_params1("INSERT INTO people (name) VALUES ($1) RETURNING id", p.name)[0]
              .as<std::int64_t>();
      personIds.push_back(id);
      for (const auto& alias : p.aliases) {
        txn.exec_params(
            "INSERT INTO person_aliases (person_id, alias) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            id, alias);
      }
    }
    txn.commit();
  }

  std::vector<std::int64_t> episodeIds;
  std::vector<std::vector<std::size_t>> guestsOf;
  {
    pqxx::work txn(conn);
    for (std::size_t i = 0; i < episodeCount; ++i) {
      const auto number = static_cast<std::int64_t>(i + 1);
      // Weekly, the newest on 2026-11-23 at 20:00 local time.
      const auto daysBack = static_cast<std::int64_t>(7 * (episodeCount - 1 - i));
      const auto id = txn.exec_params1(
                             "INSERT INTO episodes (title, number, air_date, air_time, state, "
                             "started_at, ended_at, archived_at, duration_seconds) "
                             "VALUES ($1, $2, date '2026-11-23' - $3::int, '20:00', 'archived', "
                             "(date '2026-11-23' - $3::int) + time '19:00', "
                             "(date '2026-11-23' - $3::int) + time '20:00', now(), 3600) "
                             "RETURNING id",
                             "Sporazum " + std::to_string(number), number, daysBack)[0]
                          .as<std::int64_t>();
      episodeIds.push_back(id);
      const Topic& topic = kTopics[random.zipf(kTopics.size(), 0.7)];
      const Topic& second = random.pick(kTopics);
      const Place& place = kPlaces[random.zipf(kPlaces.size(), 0.8)];
      const std::string srTitle = capitalized(topic.sr) + " i " + place.sr;
      const std::vector<std::tuple<std::string, std::string, std::string>> texts = {
          {"sr-Latn", "title", srTitle},
          {"sr-Cyrl", "title", toCyrillic(srTitle)},
          {"sq", "title", capitalized(topic.sq) + " dhe " + place.sq},
          {"en", "title", capitalized(topic.en) + " and " + place.en},
          {"sr-Latn", "description",
           "Gosti govore o temi " + topic.sr + ", o temi " + second.sr +
               " i odgovaraju na pitanja gledalaca iz mesta " + place.sr + "."},
          {"sr-Cyrl", "description",
           toCyrillic("Gosti govore o temi " + topic.sr + ", o temi " + second.sr +
                      " i odgovaraju na pitanja gledalaca iz mesta " + place.sr + ".")},
          {"sq", "description",
           "Të ftuarit flasin për " + topic.sq + " dhe " + second.sq +
               " dhe u përgjigjen pyetjeve të shikuesve nga " + place.sq + "."},
          {"en", "description",
           "The guests discuss " + topic.en + " and " + second.en +
               " and answer viewers' questions from " + place.en + "."}};
      for (const auto& [lang, kind, text] : texts) {
        txn.exec_params(
            "INSERT INTO episode_texts (episode_id, lang, kind, text) "
            "VALUES ($1, $2, $3, $4)",
            id, lang, kind, text);
      }
      txn.exec_params(
          "INSERT INTO episode_topics (episode_id, position, topic) VALUES "
          "($1, 1, $2), ($1, 2, $3)",
          id, topic.sr, second.sr);
      std::vector<std::size_t> guests;
      const std::size_t n = 2 + random.below(4);
      while (guests.size() < n) {
        const std::size_t g = random.zipf(people.size(), 0.8);
        if (std::find(guests.begin(), guests.end(), g) == guests.end()) guests.push_back(g);
      }
      for (std::size_t k = 0; k < guests.size(); ++k) {
        txn.exec_params(
            "INSERT INTO appearances (episode_id, position, person_id, role, party) "
            "VALUES ($1, $2, $3, $4, $5)",
            id, static_cast<int>(k + 1), personIds[guests[k]], random.pick(kRoles),
            random.pick(kParties));
      }
      guestsOf.push_back(guests);
    }
    txn.commit();
  }
  std::cerr << "archive_search_bench: " << episodeCount << " episodes, " << people.size()
            << " people\n";

  // Questions, by COPY, spread evenly over the episodes.
  {
    pqxx::work txn(conn);
    pqxx::stream_to stream(
        txn, "questions",
        std::vector<std::string>{"client_id", "episode_id", "body", "state", "language",
                                 "consent_name_on_air", "display_name", "municipality"});
    for (std::size_t i = 0; i < questionCount; ++i) {
      const std::size_t e = i % episodeCount;
      std::vector<Person> guests;
      for (std::size_t g : guestsOf[e])
        guests.push_back(people[g]);
      const double r = random.below(100) / 100.0;
      const Lang lang = r < 0.45   ? Lang::SrLatn
                        : r < 0.65 ? Lang::SrCyrl
                        : r < 0.9  ? Lang::Sq
                                   : Lang::En;
      const std::string language = lang == Lang::Sq ? "sq" : lang == Lang::En ? "en" : "sr";
      stream << std::make_tuple(random.uuid(), episodeIds[e], makeQuestion(random, lang, guests),
                                std::string("aired"), language, random.chance(0.3),
                                std::string("Gledalac"), std::string(random.pick(kPlaces).sr));
      if ((i + 1) % 100000 == 0) std::cerr << "archive_search_bench: " << (i + 1) << " questions\n";
    }
    stream.complete();
    txn.commit();
  }
  std::cerr << "archive_search_bench: indexing questions\n";
  exec(conn, "SELECT archive_refresh_question_docs(id) FROM episodes");
  {
    pqxx::nontransaction txn(conn);
    txn.exec("VACUUM ANALYZE");
  }
  Generated g;
  g.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  g.episodes = episodeCount;
  g.questions = questionCount;
  g.people = people.size();
  return g;
}

// ---- the queries --------------------------------------------------------------------------------

struct Query {
  std::string text;
  std::string kind;
};

std::string typo(Random& random, const std::string& word) {
  auto letters = codePoints(word);
  if (letters.size() < 4) return word;
  const std::size_t at = 1 + random.below(letters.size() - 2);
  switch (random.below(3)) {
    case 0:
      letters.erase(letters.begin() + static_cast<std::ptrdiff_t>(at));
      break;
    case 1:
      std::swap(letters[at], letters[at + 1 < letters.size() ? at + 1 : at - 1]);
      break;
    default:
      letters.insert(letters.begin() + static_cast<std::ptrdiff_t>(at), letters[at]);
      break;
  }
  return join(letters);
}

/// Content words only (past the function words), in frequency order.
const std::vector<std::string>& contentWords(Lang lang) {
  static const auto kSr = std::vector<std::string>(kSerbian.begin() + 29, kSerbian.end());
  static const auto kSq = std::vector<std::string>(kAlbanian.begin() + 25, kAlbanian.end());
  static const auto kEn = std::vector<std::string>(kEnglish.begin() + 24, kEnglish.end());
  return lang == Lang::Sq ? kSq : lang == Lang::En ? kEn : kSr;
}

Lang anyLang(Random& random) {
  const std::size_t r = random.below(10);
  return r < 4 ? Lang::SrLatn : r < 6 ? Lang::SrCyrl : r < 8 ? Lang::Sq : Lang::En;
}

std::string inScript(Lang lang, const std::string& word) {
  return lang == Lang::SrCyrl ? toCyrillic(word) : word;
}

std::vector<Query> makeQueries(Random& random, const std::vector<Person>& people,
                               std::size_t count) {
  std::vector<Query> queries;
  while (queries.size() < count) {
    const std::size_t r = random.below(100);
    const Lang lang = anyLang(random);
    const auto& words = contentWords(lang);
    if (r < 20) {  // a common word
      queries.push_back({inScript(lang, words[random.below(12)]), "common_word"});
    } else if (r < 32) {  // a rare word
      queries.push_back(
          {inScript(lang, words[words.size() - 1 - random.below(words.size() / 4)]), "rare_word"});
    } else if (r < 44) {  // without diacritics
      std::string w;
      for (int tries = 0; tries < 20 && ascii(w) == w; ++tries)
        w = words[random.zipf(words.size(), 0.7)];
      queries.push_back({ascii(w), "no_diacritics"});
    } else if (r < 62) {  // a name: another spelling, a typo, or both
      const Person& p = people[random.zipf(people.size(), 0.8)];
      std::string name = random.pick(p.aliases);
      const std::size_t space = name.rfind(' ');
      std::string surname = space == std::string::npos ? name : name.substr(space + 1);
      if (random.chance(0.5)) surname = typo(random, surname);
      queries.push_back(
          {random.chance(0.3) ? name.substr(0, space + 1) + surname : surname, "name"});
    } else if (r < 80) {  // two words
      const std::string a = words[random.zipf(words.size(), 0.8)];
      const std::string b = words[random.zipf(words.size(), 0.8)];
      queries.push_back({inScript(lang, a + " " + b), "two_words"});
    } else if (r < 88) {  // a phrase from a question as asked
      const std::string question =
          makeQuestion(random, lang == Lang::SrCyrl ? Lang::SrLatn : lang, {});
      std::vector<std::string> tokens;
      std::size_t start = 0;
      for (std::size_t at = question.find(' '); at != std::string::npos;
           at = question.find(' ', start = at + 1)) {
        tokens.push_back(question.substr(start, at - start));
      }
      const std::size_t i = random.below(tokens.size() - 1);
      queries.push_back({"\"" + inScript(lang, tokens[i] + " " + tokens[i + 1]) + "\"", "phrase"});
    } else {  // a place, in any script, with or without diacritics
      const Place& place = random.pick(kPlaces);
      const std::size_t form = random.below(4);
      queries.push_back({form == 0   ? place.sr
                         : form == 1 ? toCyrillic(place.sr)
                         : form == 2 ? ascii(place.sr)
                                     : place.sq,
                         "place"});
    }
  }
  return queries;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * values.size()));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

json stats(const std::vector<double>& ms) {
  double sum = 0;
  for (double v : ms)
    sum += v;
  return json{{"n", ms.size()},
              {"p50_ms", percentile(ms, 50)},
              {"p95_ms", percentile(ms, 95)},
              {"p99_ms", percentile(ms, 99)},
              {"max_ms", ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end())},
              {"mean_ms", ms.empty() ? 0.0 : sum / static_cast<double>(ms.size())}};
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string line;
  std::getline(in, line);
  return line;
}

int usage() {
  std::cerr << "usage: archive_search_bench --database URI [--episodes 500] [--questions 500000] "
               "[--searches 1200] [--limit 10] [--seed 6]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri;
  std::size_t episodes = 500;
  std::size_t questions = 500000;
  std::size_t searches = 1200;
  std::size_t limit = 10;
  std::uint64_t seed = 6;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string value = argv[++i];
    if (arg == "--database") {
      uri = value;
    } else if (arg == "--episodes") {
      episodes = std::stoul(value);
    } else if (arg == "--questions") {
      questions = std::stoul(value);
    } else if (arg == "--searches") {
      searches = std::stoul(value);
    } else if (arg == "--limit") {
      limit = std::stoul(value);
    } else if (arg == "--seed") {
      seed = std::stoull(value);
    } else {
      return usage();
    }
  }
  if (uri.empty() || episodes == 0) return usage();

  try {
    sporazum::pg::migrate(uri,
                          std::filesystem::path(SPORAZUM_SOURCE_ROOT) / "schema" / "migrations");
    Random random(seed);
    const std::vector<Person> people = makePeople(random, 300);
    Generated generated;
    {
      pqxx::connection conn(uri);
      pqxx::nontransaction txn(conn);
      const auto have = txn.exec1(
          "SELECT (SELECT count(*) FROM episodes), "
          "(SELECT count(*) FROM archive_question_docs)");
      if (have[0].as<std::size_t>() == 0) {
        txn.commit();
        generated = generate(uri, people, episodes, questions, random);
      } else {
        generated.episodes = have[0].as<std::size_t>();
        generated.questions = have[1].as<std::size_t>();
        std::cerr << "archive_search_bench: the database holds an archive already; searching it\n";
      }
    }

    if (searches == 0) {  // generate only
      std::cout << json{{"episodes", generated.episodes},
                        {"aired_questions", generated.questions},
                        {"generate_seconds", generated.seconds}}
                       .dump()
                << "\n";
      return 0;
    }
    Random queryRandom(seed + 1);
    const std::vector<Query> queries = makeQueries(queryRandom, people, searches);
    sporazum::pg::ArchiveStore store(uri);
    // Warm-up (connection, prepared statement, caches); not measured.
    for (std::size_t i = 0; i < std::min<std::size_t>(50, queries.size()); ++i)
      (void)store.search(queries[i].text, limit);

    const std::string loadBefore = loadAverage();
    std::vector<double> all;
    std::map<std::string, std::vector<double>> byKind;
    std::vector<std::pair<double, std::string>> slowest;
    std::size_t zeroHits = 0;
    std::vector<std::string> zeroHitExamples;
    std::size_t hitsTotal = 0;
    std::map<std::string, std::size_t> errors;
    for (const auto& q : queries) {
      const auto t0 = Clock::now();
      const auto hits = store.search(q.text, limit);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      all.push_back(ms);
      byKind[q.kind].push_back(ms);
      slowest.emplace_back(ms, q.text);
      if (!hits) {
        ++errors[hits.error().code];
      } else {
        hitsTotal += hits->size();
        if (hits->empty()) {
          ++zeroHits;
          if (zeroHitExamples.size() < 12) zeroHitExamples.push_back(q.kind + ": " + q.text);
        }
      }
    }
    std::sort(slowest.rbegin(), slowest.rend());
    slowest.resize(std::min<std::size_t>(8, slowest.size()));

    json out = stats(all);
    out["searches"] = queries.size();
    out["limit"] = limit;
    out["episodes"] = generated.episodes;
    out["aired_questions"] = generated.questions;
    out["generate_seconds"] = generated.seconds;
    out["zero_hit_searches"] = zeroHits;
    out["zero_hit_examples"] = zeroHitExamples;
    out["mean_hits"] = queries.empty() ? 0.0 : static_cast<double>(hitsTotal) / queries.size();
    out["errors"] = errors;
    for (const auto& [kind, ms] : byKind)
      out["by_kind"][kind] = stats(ms);
    for (const auto& [ms, text] : slowest)
      out["slowest"].push_back(json{{"ms", ms}, {"query", text}});
    out["loadavg_before"] = loadBefore;
    out["loadavg_after"] = loadAverage();
    out["target_p95_ms"] = 10;
    std::cout << out.dump() << "\n";
    return out["p95_ms"].get<double>() <= 10.0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "archive_search_bench: " << e.what() << "\n";
    return 1;
  }
}
