// Simulated registry office requests (see registry_history.hpp).
#include "adapters/simulation/registry_history.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "adapters/simulation/people.hpp"
#include "engine/calendar/local_time.hpp"

namespace amtsweg::simulation {
namespace {

namespace json = boost::json;

const std::vector<std::string> kClerks = {"anna.schmidt", "ben.keller"};

enum class InterestOutcome { Accepted, Rejected, Withdrawn };
enum class PaymentOutcome { Paid, PaidAfterShortfall, Abandoned, Withdrawn };

// Everything the applicant and the office will do, drawn when the request is planned.
struct RegistryPlan {
  json::object application;
  InterestOutcome interest = InterestOutcome::Accepted;
  PaymentOutcome payment = PaymentOutcome::Paid;
  bool entry_found = true;
  std::string method;
  int clerk = 0;  // who prepares; the other one releases
};

// A day from `first` to the day before `end`, as ISO-8601 text: a register entry is older than the request.
std::string date_between(Dice& dice, std::chrono::local_days first, std::chrono::local_days end) {
  const int span = std::max(1, int((end - first).count()));
  return format_local_date(first + std::chrono::days(dice.between(0, span - 1)));
}

std::chrono::local_days january_first(int year) { return std::chrono::local_days{std::chrono::year{year} / 1 / 1}; }

// Certificate kind, relation, purpose and the register entry, in realistic combinations.
RegistryPlan draw_request(Dice& dice, const RegistryOffice& office, std::chrono::local_days request_day) {
  const int this_year = int(std::chrono::year_month_day(request_day).year());
  static const std::vector<std::string> kinds = {"birth", "marriage", "death", "civil_partnership"};
  const std::string kind = kinds[dice.weighted({46, 24, 28, 2})];
  std::string relation, purpose;
  if (kind == "birth") {
    relation = std::vector<std::string>{
        "self", "ancestor", "spouse_or_partner", "descendant", "sibling", "other"}[dice.weighted({55, 22, 4, 6, 5, 8})];
    purpose = std::vector<std::string>{"general", "pension", "parental_benefits", "social_benefits",
                                       "genealogy"}[dice.weighted({62, 8, 18, 6, relation == "other" ? 30.0 : 2.0})];
  } else if (kind == "death") {
    relation =
        std::vector<std::string>{"descendant", "spouse_or_partner", "sibling", "other"}[dice.weighted({52, 22, 8, 18})];
    purpose =
        std::vector<std::string>{"inheritance", "pension", "general", "genealogy",
                                 "social_benefits"}[dice.weighted({46, 22, 22, relation == "other" ? 18.0 : 3.0, 4})];
  } else {
    relation =
        std::vector<std::string>{"self", "spouse_or_partner", "descendant", "other"}[dice.weighted({62, 18, 12, 8})];
    purpose = std::vector<std::string>{"general", "pension", "social_benefits", "inheritance",
                                       "genealogy"}[dice.weighted({64, 14, 8, 8, relation == "other" ? 20.0 : 2.0})];
  }
  const Person applicant = random_person(dice);
  const Person subject = relation == "self" ? applicant : random_person(dice);
  static const std::map<std::string, std::string> letter = {
      {"birth", "G"}, {"marriage", "E"}, {"civil_partnership", "L"}, {"death", "S"}};
  // Registered partnerships could be entered from August 2001 to September 2017.
  const auto partnerships_end = std::min(request_day, std::chrono::local_days{std::chrono::year{2017} / 10 / 1});
  const std::string event_date =
      kind == "birth"      ? date_between(dice, january_first(1935), request_day)
      : kind == "marriage" ? date_between(dice, january_first(1958), request_day)
      : kind == "civil_partnership"
          ? date_between(dice, std::chrono::local_days{std::chrono::year{2001} / 8 / 1}, partnerships_end)
          : date_between(dice, january_first(this_year - 12), request_day);
  const std::string number =
      letter.at(kind) + " " + std::to_string(dice.between(1, 1800)) + "/" + event_date.substr(0, 4);

  RegistryPlan plan;
  const std::string delivery = dice.chance(0.38) ? "digital" : "post";
  json::object application{
      {"applicant",
       {{"name", applicant.full_name()},
        {"email", applicant.email(dice)},
        {"address",
         {{"street", random_street(dice)}, {"postcode", dice.pick(office.postcodes)}, {"city", office.city}}}}},
      {"certificate", kind},
      {"register_entry", {{"number", number}, {"person", subject.full_name()}, {"event_date", event_date}}},
      {"copies", std::vector<int>{1, 2, 3, 4, 5}[dice.weighted({58, 27, 10, 3, 2})]},
      {"purpose", purpose},
      {"relation", relation},
      {"delivery", delivery}};
  if (relation == "sibling" || relation == "other") {
    static const std::vector<std::string> interests = {
        "Nachlassangelegenheit: ich bin als Erbe im Erbschein benannt.",
        "Familienforschung (Ahnentafel meiner Familie), Nachweis der Abstammung liegt bei.",
        "Auskunft für ein Verfahren vor dem Nachlassgericht, Aktenzeichen liegt vor.",
        "Ich betreue als Berufsbetreuer die Angelegenheiten meiner Schwester.",
        "Nachweis für die Rentenversicherung eines Angehörigen, Vollmacht liegt bei.",
        "Anfrage eines Genealogen im Auftrag der Familie."};
    application["interest"] = dice.pick(interests);
    plan.interest = std::vector<InterestOutcome>{InterestOutcome::Accepted, InterestOutcome::Rejected,
                                                 InterestOutcome::Withdrawn}[dice.weighted({74, 21, 5})];
  }
  plan.application = std::move(application);
  plan.payment =
      std::vector<PaymentOutcome>{PaymentOutcome::Paid, PaymentOutcome::PaidAfterShortfall, PaymentOutcome::Abandoned,
                                  PaymentOutcome::Withdrawn}[dice.weighted({84, 1.5, 12.5, 2})];
  plan.entry_found = dice.chance(0.98);
  static const std::vector<std::string> methods = {"paypal", "credit_card", "giropay", "sepa_direct_debit",
                                                   "paydirekt"};
  plan.method = methods[dice.weighted({38, 24, 18, 12, 8})];
  plan.clerk = dice.between(0, 1);
  return plan;
}

class RegistryAgent final : public CaseAgent {
 public:
  RegistryAgent(SimulationLoop& loop, const std::string& tenant, std::uint64_t seed, RegistryPlan plan)
      : CaseAgent(loop, tenant, seed), plan_(std::move(plan)) {}

 private:
  std::string start() override {
    return engine().start({tenant(), "personenstandsurkunde", plan_.application, "", "buergerportal"}).record.id;
  }

  std::optional<Step> next_step(const CaseView& view) override {
    const std::string& state = view.record.state;
    const TaskRecord* task = open_task(view);
    Dice dice = dice_for(state + (task ? task->id + std::to_string(task->stage) : ""));
    if (state == "interest_check" && task) {
      if (plan_.interest == InterestOutcome::Withdrawn)
        return Step{view.record.updated_at + dice.between(2, 60) * 3600'000,
                    [this] { event("application.withdrawn", {}); }};
      json::object decision{{"decision", "accept"}};
      if (plan_.interest == InterestOutcome::Rejected)
        decision = {{"decision", "reject"},
                    {"reason", "Ein rechtliches Interesse nach § 62 Abs. 1 PStG ist nicht glaubhaft gemacht."}};
      return complete(*task, dice.office_time(task->created_at, dice.between(1, 4)), clerk(0), decision);
    }
    if (state == "purpose_proof" && task) return proof_step(view, *task, dice);
    if (state == "awaiting_payment") return payment_step(view, dice);
    if ((state == "preparation" || state == "preparation_four_eyes") && task) {
      json::object decision{{"decision", "issue"}};
      if (!plan_.entry_found)
        decision = {{"decision", "entry_not_found"},
                    {"reason", "Der Eintrag ist im Register dieses Standesamts nicht vorhanden."}};
      // A registrar works the inbox within a few working days; the due date (3 days) is sometimes missed.
      if (task->stage == 1)
        return complete(*task, dice.office_time(task->created_at, dice.between(0, 4)), clerk(0), decision);
      return complete(*task, dice.office_time(task->updated_at, dice.between(0, 2)), clerk(1), decision);
    }
    if (state == "mailing" && task)
      return complete(*task, dice.office_time(task->created_at, dice.between(0, 2)), clerk(1), {});
    return std::nullopt;
  }

  // A fee-free purpose: the portal uploads the proof (the pension insurer's or benefits office's
  // request) minutes after the intake; a registrar accepts it within a few working days.
  std::optional<Step> proof_step(const CaseView& view, const TaskRecord& task, Dice& dice) {
    if (!proof_uploaded_)
      return Step{view.record.updated_at + dice.between(1, 30) * 60'000, [this, case_id = view.record.id] {
                    engine().attach_document({tenant(), case_id, "anforderung.pdf", "verwendungsnachweis",
                                              "application/pdf", "%PDF-1.4 Anforderungsschreiben", "buergerportal"});
                    proof_uploaded_ = true;
                  }};
    return complete(task, std::max(dice.office_time(task.created_at, dice.between(0, 3)), now() + 60'000), clerk(0),
                    {{"decision", "fee_free"}});
  }

  std::optional<Step> payment_step(const CaseView& view, Dice& dice) {
    const double fee = view.record.data.at("fee").to_number<double>();
    const Timestamp since = view.record.updated_at;
    switch (plan_.payment) {
      case PaymentOutcome::Abandoned:
        return std::nullopt;  // the 14-day timer cancels the request
      case PaymentOutcome::Withdrawn:
        return Step{since + dice.between(1, 9 * 24) * 3600'000, [this] { event("application.withdrawn", {}); }};
      case PaymentOutcome::PaidAfterShortfall:
        if (!view.record.data.contains("underpaid_amount"))
          return pay(view, since + dice.between(2, 40) * 60'000, fee - 6.0);
        [[fallthrough]];
      case PaymentOutcome::Paid:
        // Most pay at once in the portal; some later by transfer.
        return pay(view, since + (dice.chance(0.8) ? dice.between(1, 25) * 60'000 : dice.between(1, 8 * 24) * 3600'000),
                   fee);
    }
    return std::nullopt;
  }

  Step pay(const CaseView& view, Timestamp at, double amount) {
    const std::string reference = view.record.data.at("payment_ref").as_string().c_str();
    return Step{at, [this, reference, amount] {
                  engine().deliver({tenant(),
                                    "pay-" + reference + "-" + std::to_string(now()),
                                    "payment.confirmed",
                                    {{"payment_ref", reference}},
                                    json::object{{"amount", amount}, {"method", plan_.method}},
                                    "zahlungsdienst"});
                }};
  }

  void event(const std::string& type, json::object payload) { post_event(type, std::move(payload), "buergerportal"); }

  Step complete(const TaskRecord& task, Timestamp at, const std::string& user, json::object data) {
    return Step{at,
                [this, id = task.id, user, data = std::move(data)] { engine().complete(tenant(), id, user, data); }};
  }

  const std::string& clerk(int which) const { return kClerks[static_cast<std::size_t>((plan_.clerk + which) % 2)]; }

  RegistryPlan plan_;
  bool proof_uploaded_ = false;
};

}  // namespace

std::vector<RegistryOffice> demo_registry_offices() {
  return {{"giessen", "Gießen", {"35390", "35392", "35394", "35396", "35398"}, 4.6},
          {"marburg", "Marburg", {"35037", "35039", "35041", "35043"}, 3.4}};
}

std::vector<std::unique_ptr<CaseAgent>> plan_registry_requests(SimulationLoop& loop, std::uint64_t seed,
                                                               const std::vector<RegistryOffice>& offices,
                                                               Timestamp from, Timestamp until) {
  Dice dice(seed);
  std::vector<std::unique_ptr<CaseAgent>> agents;
  for (auto day = local_day(from); start_of_day(day) <= until; day += std::chrono::days(1)) {
    const bool weekend = !dice.calendar().is_working_day(day);
    for (const auto& office : offices) {
      // A Poisson-like count: fewer requests on weekends and holidays.
      const double expected = office.requests_per_day * (weekend ? 0.45 : 1.2);
      int count = 0;
      for (double budget = expected; budget > 0; budget -= 1.0) count += dice.chance(std::min(budget, 1.0)) ? 1 : 0;
      count += dice.chance(0.3) ? dice.between(-1, 1) : 0;
      for (int i = 0; i < count; ++i) {
        const Timestamp at = dice.time_on(day, 7, 23);
        if (at < from || at > until) continue;
        auto agent = std::make_unique<RegistryAgent>(
            loop, office.tenant, seed ^ (agents.size() * 0x9e3779b97f4a7c15ull), draw_request(dice, office, day));
        agent->begin(at);
        agents.push_back(std::move(agent));
      }
    }
  }
  return agents;
}

}  // namespace amtsweg::simulation
