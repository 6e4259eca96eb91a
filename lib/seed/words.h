#pragma once
// Word lists the generators draw from. ASCII except where a real name needs more (currency
// symbols): every engine stores UTF-8 the same.
#include <array>
#include <string_view>

namespace bcdb::seed::words {

using W = std::string_view;

inline constexpr std::array<W, 48> kFirstNames = {
    "Emma",  "Liam",   "Olivia", "Noah",    "Mia",    "Lucas",  "Sophie", "Daan",   "Julia",  "Finn",
    "Anna",  "Milan",  "Lotte",  "Sem",     "Sara",   "Levi",   "Eva",    "Luuk",   "Nora",   "Jesse",
    "Hannah", "Thomas", "Laura", "Max",     "Lena",   "Felix",  "Clara",  "Jonas",  "Marie",  "Paul",
    "Alice", "Hugo",   "Chloe",  "Louis",   "Ines",   "Mateo",  "Lucia",  "Pablo",  "Elena",  "Marco",
    "Giulia", "Oliver", "Amelia", "George", "Isla",   "Arthur", "Freya",  "Oscar"};

inline constexpr std::array<W, 48> kLastNames = {
    "de Jong",  "Jansen",   "de Vries", "Bakker",   "Visser",   "Smit",     "Meijer",   "Mulder",
    "Bos",      "Vos",      "Peters",   "Hendriks", "Dekker",   "Brouwer",  "Müller",   "Schmidt",
    "Schneider", "Fischer", "Weber",    "Meyer",    "Wagner",   "Becker",   "Schulz",   "Hoffmann",
    "Martin",   "Bernard",  "Dubois",   "Thomas",   "Robert",   "Richard",  "Petit",    "Durand",
    "García",   "Rodríguez", "López",   "Martínez", "Rossi",    "Russo",    "Ferrari",  "Esposito",
    "Smith",    "Jones",    "Taylor",   "Brown",    "Williams", "Wilson",   "Johnson",  "Davies"};

struct Country {
  W code;           // ISO 3166-1 alpha-2
  W dial;           // "+31"
  std::array<W, 4> cities;
  int postal_digits;  // 4 or 5; the Netherlands add two letters
};

inline constexpr std::array<Country, 6> kCountries = {{
    {"NL", "+31", {"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"}, 4},
    {"DE", "+49", {"Berlin", "Hamburg", "München", "Köln"}, 5},
    {"FR", "+33", {"Paris", "Lyon", "Marseille", "Toulouse"}, 5},
    {"ES", "+34", {"Madrid", "Barcelona", "Valencia", "Sevilla"}, 5},
    {"IT", "+39", {"Roma", "Milano", "Napoli", "Torino"}, 5},
    {"BE", "+32", {"Brussel", "Antwerpen", "Gent", "Liège"}, 4},
}};

inline constexpr std::array<W, 24> kStreets = {
    "Main Street", "Station Road", "Church Lane", "Market Square", "Mill Road", "Park Avenue",
    "Canal Street", "Harbour Way", "Linden Lane", "Oak Street", "Bridge Street", "King Street",
    "Queen Street", "High Street", "Garden Row", "River Road", "Hill View", "Meadow Lane",
    "School Street", "North Road", "South Road", "West End", "East Gate", "Castle Street"};

inline constexpr std::array<W, 8> kEmailDomains = {"example.com", "example.org", "example.net", "mail.example",
                                                   "post.example", "inbox.example", "web.example", "fast.example"};

inline constexpr std::array<W, 8> kTopCategories = {"Home", "Garden", "Electronics", "Books",
                                                    "Clothing", "Toys", "Sports", "Beauty"};

inline constexpr std::array<W, 24> kAdjectives = {
    "Classic", "Compact", "Deluxe", "Eco", "Ergonomic", "Essential", "Everyday", "Handmade",
    "Heavy-Duty", "Lightweight", "Modern", "Natural", "Organic", "Portable", "Premium", "Recycled",
    "Rustic", "Sleek", "Smart", "Soft", "Sturdy", "Vintage", "Waterproof", "Wireless"};

inline constexpr std::array<W, 12> kMaterials = {"Bamboo", "Ceramic", "Cotton", "Glass", "Leather", "Linen",
                                                 "Oak", "Steel", "Stone", "Walnut", "Wool", "Aluminium"};

inline constexpr std::array<W, 32> kProducts = {
    "Chair", "Lamp", "Mug", "Backpack", "Blanket", "Bottle", "Bowl", "Candle", "Clock", "Desk",
    "Headphones", "Jacket", "Kettle", "Knife Set", "Mirror", "Notebook", "Pillow", "Planter", "Rug", "Scarf",
    "Shelf", "Speaker", "Sweater", "Table", "Teapot", "Towel", "Tray", "Umbrella", "Vase", "Wallet",
    "Watch", "Yoga Mat"};

inline constexpr std::array<W, 8> kDescriptions = {
    "Built to last and easy to care for.",
    "A customer favourite, restocked every season.",
    "Designed in Amsterdam, made in Portugal.",
    "Fits any room and any budget.",
    "Ships in plastic-free packaging.",
    "Comes with a two-year warranty.",
    "Limited edition while stocks last.",
    "Made from responsibly sourced materials."};

inline constexpr std::array<W, 6> kOrderNotes = {"Please leave at the door", "Gift, no invoice in the parcel",
                                                 "Deliver after 5 pm", "Ring twice",
                                                 "Leave with the neighbours if out", "Call on arrival"};

inline constexpr std::array<W, 8> kReviews = {
    "Exactly as described.", "Great value for money.", "Arrived quickly, well packed.",
    "Good quality, would buy again.", "Smaller than I expected.", "Stopped working after a month.",
    "The colour is a bit different from the picture.", "Perfect gift."};

inline constexpr std::array<W, 4> kWarehouses = {"AMS-1", "BER-1", "MAD-2", "MIL-1"};
inline constexpr std::array<W, 4> kCarriers = {"DHL", "PostNL", "UPS", "DPD"};

inline constexpr std::array<W, 8> kUserAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "curl/8.5.0",
    "okhttp/4.12.0"};

inline constexpr std::array<W, 12> kCompanies = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
                                                 "Hooli", "Pied Piper", "Vandelay", "Soylent", "Tyrell", "Wonka"};
inline constexpr std::array<W, 6> kCompanySuffixes = {"Trading", "Goods", "Labs", "Supplies", "Studio", "Outlet"};

}  // namespace bcdb::seed::words
