// Simulated consultation applications (see consultation_history.hpp).
//
// How the figures come out exact: every application before the snapshot is planned in full
// (modules in the published numbers, dates, who decides what when). The ones that are to be
// completed on the snapshot day are picked among those received early enough and get a brisk
// course that ends with feedback before it; every other one gets a course whose end lies after
// it (a consultant's full calendar), or ends otherwise (rejected, withdrawn, lapsed). The engine
// decides funding by its own rules; a municipality told "not fundable" whose case is to be
// completed continues at its own cost.
#include "adapters/simulation/consultation_history.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "adapters/simulation/hessian_municipalities.hpp"
#include "adapters/simulation/people.hpp"
#include "engine/calendar/local_time.hpp"

namespace amtsweg::simulation {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::local_days;

constexpr Timestamp kHour = 3600'000;
constexpr Timestamp kDay = 24 * kHour;
const std::string kCoordinator = "katrin.wagner";
const std::vector<std::pair<std::string, std::string>> kConsultants = {
    {"lena.hofmann", "Lena Hofmann"},     {"jonas.becker", "Jonas Becker"}, {"miriam.koch", "Miriam Koch"},
    {"tobias.richter", "Tobias Richter"}, {"sarah.wolf", "Sarah Wolf"},     {"daniel.schaefer", "Daniel Schäfer"}};

enum class Fate { Proceeds, Rejected, Withdraws };
enum class IfNotFundable { OwnCost, Withdraw, Lapse };

// One round of workshop days as agreed in scheduling; a postponement before its first day
// leads to the next round.
struct Round {
  Timestamp schedule_at = 0;
  std::vector<local_days> days;
  std::optional<Timestamp> postpone_at;
};

struct Timeline {
  Timestamp decide_at = 0, assign_at = 0, survey_at = 0, survey_evaluated_at = 0;
  std::vector<Round> rounds;
  Timestamp report_at = 0;
  std::optional<Timestamp> feedback_at;
  Timestamp closes_at = 0;  // feedback, or the end of the feedback period
};

struct Application {
  Municipality municipality;
  int module = 0;
  Timestamp received = 0;
  bool completes_by_snapshot = false;
  Fate fate = Fate::Proceeds;
  IfNotFundable if_not_fundable = IfNotFundable::OwnCost;
  Timeline timeline;
  Timestamp withdraw_at = 0;
  std::uint64_t seed = 0;
};

// --- when things happen --------------------------------------------------------------------

int workshop_day_count(Dice& dice, int module) {
  switch (module) {
    case 1:
      return dice.chance(0.7) ? 1 : 2;
    case 2:
      return dice.chance(0.55) ? 2 : 3;
    case 3:
      return 2;
    default:
      return dice.chance(0.6) ? 2 : 3;
  }
}

// The course of an application. `brisk`: short waits, no postponement, feedback given (for the
// ones completed by the snapshot). `wait` working days delay the consultant's calendar.
Timeline draw_timeline(const Application& a, bool brisk, int wait) {
  Dice dice(a.seed);
  const WorkingCalendar& calendar = dice.calendar();
  Timeline t;
  t.decide_at = dice.office_time(a.received, dice.between(1, brisk ? 3 : 6));
  t.assign_at = dice.office_time(t.decide_at, dice.between(1, brisk ? 4 : 7));
  Timestamp before_scheduling = t.assign_at;
  if (a.module == 4) {
    t.survey_at = dice.office_time(t.assign_at, dice.between(4, brisk ? 8 : 16));
    t.survey_evaluated_at = dice.office_time(t.survey_at, dice.between(1, brisk ? 3 : 6));
    before_scheduling = t.survey_evaluated_at;
  }
  const bool postponed = !brisk && dice.chance(0.09);
  Timestamp scheduled_from = before_scheduling;
  for (int round = 0; round < (postponed ? 2 : 1); ++round) {
    Round r;
    r.schedule_at = dice.office_time(scheduled_from, dice.between(1, brisk ? 5 : 10) + (round == 0 ? wait / 2 : 0));
    local_days day = calendar.add_working_days(
        local_day(r.schedule_at), dice.between(brisk ? 5 : 10, brisk ? 18 : 40) + (round == 0 ? wait - wait / 2 : 0));
    const int count = workshop_day_count(dice, a.module);
    for (int i = 0; i < count; ++i) {
      r.days.push_back(day);
      day = calendar.add_working_days(day, dice.between(2, brisk ? 7 : 12));
    }
    if (postponed && round == 0) {
      r.postpone_at = dice.office_time(start_of_day(calendar.add_working_days(r.days.front(), -dice.between(1, 4))), 0);
      r.postpone_at = std::max(*r.postpone_at, r.schedule_at + kHour);
      scheduled_from = *r.postpone_at;
    }
    t.rounds.push_back(std::move(r));
  }
  t.report_at =
      dice.office_time(start_of_day(t.rounds.back().days.back()) + 18 * kHour, dice.between(2, brisk ? 6 : 10));
  if (brisk || dice.chance(0.72)) t.feedback_at = dice.office_time(t.report_at, dice.between(1, brisk ? 8 : 15));
  // Without feedback the timer closes the case the day after the feedback period (28 days).
  t.closes_at = t.feedback_at ? *t.feedback_at : start_of_day(local_day(t.report_at) + days(29));
  return t;
}

// A course that ends by `deadline` (brisk), or, for all others, one that ends after `not_before`.
void plan_course(Application& a, Timestamp deadline, Timestamp not_before) {
  if (a.completes_by_snapshot) {
    for (int attempt = 0; attempt < 12; ++attempt, a.seed = a.seed * 6364136223846793005ull + 1442695040888963407ull) {
      a.timeline = draw_timeline(a, true, 0);
      if (a.timeline.closes_at <= deadline) return;
    }
    return;  // received too late to fit: plan_consultations picks only early ones
  }
  int wait = 0;
  a.timeline = draw_timeline(a, false, wait);
  while (a.timeline.closes_at <= not_before) {
    wait += int((not_before - a.timeline.closes_at) / kDay * 5 / 7) + 3 + int(a.seed % 40);
    a.timeline = draw_timeline(a, false, wait);
  }
}

// --- which municipality applies for what, when --------------------------------------------

// What municipalities typically book, and in which order (mostly fundable; a few combinations
// the rules do not fund, which the engine then tells them).
struct Programme {
  std::vector<int> modules;
  double weight;
};
const std::vector<Programme> kProgrammes = {{{2}, 30},   {{1, 2}, 22}, {{2, 3}, 8},    {{2, 4}, 6},
                                            {{1, 3}, 5}, {{1, 4}, 4},  {{1}, 6},       {{3}, 6},
                                            {{4}, 5},    {{2, 1}, 2},  {{1, 2, 3}, 2}, {{3, 4}, 1}};

struct Draft {
  Municipality municipality;
  int module;
  double order_key;  // sorts the applications; a municipality's later modules come later
};

// Applications in exactly the published numbers per module, grouped into programmes of municipalities.
std::vector<Draft> draft_applications(Dice& dice, std::map<int, int> quota, std::vector<Municipality>& unused) {
  std::vector<Draft> drafts;
  std::vector<double> weights;
  for (const auto& p : kProgrammes) weights.push_back(p.weight);
  auto fits = [&](const Programme& p) {
    std::map<int, int> need;
    for (int m : p.modules) ++need[m];
    for (const auto& [m, n] : need)
      if (quota[m] < n) return false;
    return true;
  };
  for (;;) {
    int left = 0;
    for (const auto& [m, n] : quota) left += n;
    if (left == 0) break;
    const Programme* chosen = nullptr;
    for (int attempt = 0; attempt < 40 && !chosen; ++attempt)
      if (const auto& p = kProgrammes[dice.weighted(weights)]; fits(p)) chosen = &p;
    Programme single{{}, 1};
    if (!chosen) {
      for (const auto& [m, n] : quota)
        if (n > 0) single.modules = {m};
      chosen = &single;
    }
    const Municipality who = unused.empty() ? dice.pick(hessian_municipalities()) : unused.back();
    if (!unused.empty()) unused.pop_back();
    double key = dice.real(0, 1);
    for (int m : chosen->modules) {
      --quota[m];
      drafts.push_back({who, m, key});
      key += dice.real(0.08, 0.5);
    }
  }
  std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.order_key < b.order_key; });
  return drafts;
}

// `count` moments on working days in office hours from `first` to `last`, sorted; more in the
// first weeks after the offer was announced.
std::vector<Timestamp> receipt_times(Dice& dice, int count, local_days first, local_days last, double launch_boost) {
  std::vector<local_days> days_open;
  std::vector<double> weights;
  for (local_days d = first; d <= last; d += days(1))
    if (dice.calendar().is_working_day(d)) {
      days_open.push_back(d);
      weights.push_back(1.0 + launch_boost * std::exp(-double((d - first).count()) / 45.0));
    }
  std::vector<Timestamp> times;
  for (int i = 0; i < count; ++i) times.push_back(dice.time_on(days_open[dice.weighted(weights)], 8, 16));
  std::sort(times.begin(), times.end());
  return times;
}

// --- the agent -------------------------------------------------------------------------------

class ConsultationAgent final : public CaseAgent {
 public:
  ConsultationAgent(SimulationLoop& loop, Application application)
      : CaseAgent(loop, kConsultationTenant, application.seed), a_(std::move(application)) {
    Dice dice(a_.seed ^ 0x5eed);
    const auto& consultant = kConsultants[dice.between(0, int(kConsultants.size()) - 1)];
    consultant_ = consultant.first;
    consultant_name_ = consultant.second;
    contact_ = random_person(dice);
    static const std::vector<std::string> functions = {
        "Hauptamtsleitung", "Bürgermeister",    "Digitalisierungsbeauftragte",
        "IT-Leitung",       "Organisationsamt", "Büroleitung"};
    function_ = dice.pick(functions);
    participants_ = dice.between(4, 40);
    rating_ = std::vector<int>{5, 4, 3, 2}[dice.weighted({52, 36, 9, 3})];
  }

 private:
  std::string start() override {
    static const std::map<int, std::string> goals = {
        {1, "Alle Ämter sollen die Pflichten aus dem OZG und die Folgen für ihre Arbeit kennen."},
        {2, "Wir wollen unsere Prozesse analysieren und die ersten Leistungen durchgängig digital abwickeln."},
        {3, "Einführung der eAkte vorbereiten: Aufbau, Funktionsbereiche, Vorgehen."},
        {4, "Smart-Region-Ansätze für unsere Kommune finden und einen Umsetzungsplan entwickeln."}};
    const std::string domain = ascii_slug(a_.municipality.name) + ".de";
    json::object data{{"municipality", {{"name", a_.municipality.name}, {"ags", a_.municipality.ags}}},
                      {"module", a_.module},
                      {"contact",
                       {{"name", contact_.full_name()},
                        {"function", function_},
                        {"email", ascii_slug(contact_.first) + "." + ascii_slug(contact_.last) + "@" + domain},
                        {"phone", "06" + std::to_string(400 + int(a_.seed % 300)) + " " +
                                      std::to_string(1000 + int(a_.seed % 8999))}}},
                      {"participants", participants_},
                      {"goals", goals.at(a_.module)}};
    return engine().start({tenant(), kConsultationProcess, data, "", "antragsportal"}).record.id;
  }

  std::optional<Step> next_step(const CaseView& view) override {
    auto step = course_step(view);
    if (a_.fate == Fate::Withdraws && accepts_withdrawal(view) && (!step || a_.withdraw_at <= step->at))
      return Step{a_.withdraw_at, [this] { event("application.withdrawn", {{"reason", "Kein Bedarf mehr"}}); }};
    return step;
  }

  std::optional<Step> course_step(const CaseView& view) {
    const Timeline& t = a_.timeline;
    const std::string& state = view.record.state;
    const json::object& data = view.record.data;
    const TaskRecord* task = open_task(view);
    if (state == "not_fundable") {
      const IfNotFundable choice = a_.completes_by_snapshot ? IfNotFundable::OwnCost : a_.if_not_fundable;
      if (choice == IfNotFundable::Lapse) return std::nullopt;  // the decision period's timer closes it
      const std::string decision = choice == IfNotFundable::OwnCost ? "own_cost" : "withdraw";
      return Step{t.decide_at, [this, decision] { event("applicant.decided", {{"decision", decision}}); }};
    }
    if (state == "assignment" && task) {
      json::object form{{"decision", "assign"}, {"consultant", consultant_}, {"consultant_name", consultant_name_}};
      if (a_.fate == Fate::Rejected)
        form = {{"decision", "reject"},
                {"reason", "Der Antrag ist doppelt eingegangen; wir bearbeiten den früheren Antrag Ihrer Kommune."}};
      return Step{t.assign_at, [this, id = task->id, form] {
                    engine().claim(tenant(), id, kCoordinator);
                    engine().complete(tenant(), id, kCoordinator, form);
                  }};
    }
    if (state == "pre_survey" && task) {
      if (!data.contains("pre_survey"))
        return Step{t.survey_at, [this] {
                      event("pre_survey.submitted",
                            {{"areas", json::array{"Verwaltung", "Mobilität", "Bürgerbeteiligung"}},
                             {"answers", {{"breitband", "teilweise"}, {"open_data", "nein"}}}});
                    }};
      return complete(*task, t.survey_evaluated_at,
                      {{"phase", "Orientierung"},
                       {"areas", json::array{"Verwaltung", "Mobilität"}},
                       {"deliverable", a_.seed % 2 ? "use_case" : "implementation_plan"}});
    }
    const std::size_t round = std::min<std::size_t>(
        data.contains("schedule_count") ? std::size_t(data.at("schedule_count").as_int64()) : 0, t.rounds.size());
    if (state == "scheduling" && task && round < t.rounds.size()) {
      json::array days;
      for (const auto& day : t.rounds[round].days) days.push_back(json::string(format_local_date(day)));
      return complete(*task, t.rounds[round].schedule_at, {{"workshop_days", days}});
    }
    if (state == "consultation" && task && round > 0) {
      const Round& r = t.rounds[round - 1];
      const bool none_held = no_day_held(data);
      if (r.postpone_at && none_held && round < t.rounds.size())
        return complete(*task, *r.postpone_at,
                        {{"result", "postponed"}, {"reason", "Erkrankung der Beraterin bzw. des Beraters"}});
      const auto day = parse_local_date(data.at("workshop_days").as_array().front().as_string());
      Dice dice = dice_for(task->id);
      return complete(*task, dice.time_on(*day, 16, 18), {{"result", "held"}, {"participants", participants_}});
    }
    if (state == "closing" && task)
      return complete(*task, t.report_at,
                      {{"summary", "Workshops durchgeführt; Handlungsfelder und nächste Schritte festgehalten."},
                       {"document", "eAkte/Beratung/" + a_.municipality.ags + "-M" + std::to_string(a_.module)}});
    if (state == "awaiting_feedback" && t.feedback_at)
      return Step{
          *t.feedback_at, [this] {
            event("feedback.submitted", {{"rating", rating_}, {"comment", "Vielen Dank für die kompetente Beratung."}});
          }};
    return std::nullopt;
  }

  // An empty Lua table comes back from the script as {} rather than [].
  static bool no_day_held(const json::object& data) {
    const auto* held = data.if_contains("days_held");
    return !held || (held->is_array() ? held->as_array().empty() : !held->is_object() || held->as_object().empty());
  }

  static bool accepts_withdrawal(const CaseView& view) {
    const std::string& s = view.record.state;
    if (s == "consultation") return no_day_held(view.record.data);
    return s == "assignment" || s == "pre_survey" || s == "scheduling";
  }

  Step complete(const TaskRecord& task, Timestamp at, json::object form) {
    const std::string user = task.role == "beratung_koordination" ? kCoordinator : consultant_;
    return Step{at,
                [this, id = task.id, user, form = std::move(form)] { engine().complete(tenant(), id, user, form); }};
  }

  void event(const std::string& type, json::object payload) { post_event(type, std::move(payload), "antragsportal"); }

  Application a_;
  std::string consultant_, consultant_name_, function_;
  Person contact_;
  int participants_ = 0, rating_ = 5;
};

// Fates of the applications that are not to be completed by the snapshot (and of all later ones).
void draw_fate(Dice& dice, Application& a) {
  a.fate = std::vector<Fate>{Fate::Proceeds, Fate::Rejected, Fate::Withdraws}[dice.weighted({92, 3, 5})];
  a.if_not_fundable = std::vector<IfNotFundable>{IfNotFundable::OwnCost, IfNotFundable::Withdraw,
                                                 IfNotFundable::Lapse}[dice.weighted({45, 35, 20})];
}

// After the snapshot: fewer applications as the funding deadlines pass; municipalities book
// what they have not had yet.
std::vector<Application> later_applications(Dice& dice, const ConsultationTargets& targets, Timestamp until,
                                            std::vector<Municipality>& unused,
                                            std::map<std::string, std::vector<int>>& booked) {
  std::vector<Application> later;
  for (local_days day = targets.snapshot + days(1); start_of_day(day) <= until; day += days(1)) {
    if (!dice.calendar().is_working_day(day)) continue;
    const int year = int(std::chrono::year_month_day(day).year());
    const double per_day = year <= 2022 ? 1.0 : year <= 2024 ? 0.4 : 0.25;
    if (!dice.chance(per_day)) continue;
    Application a;
    if (!unused.empty() && dice.chance(0.55)) {
      a.municipality = unused.back();
      unused.pop_back();
      a.module = std::vector<int>{1, 2, 3, 4}[dice.weighted({25, 45, 15, 15})];
    } else {
      a.municipality = dice.pick(hessian_municipalities());
      const auto& had = booked[a.municipality.ags];
      const bool has1 = std::count(had.begin(), had.end(), 1), has2 = std::count(had.begin(), had.end(), 2);
      a.module = has1 && !has2 ? 2 : (has1 || has2) ? (dice.chance(0.5) ? 3 : 4) : dice.between(1, 4);
    }
    booked[a.municipality.ags].push_back(a.module);
    a.received = dice.time_on(day, 8, 16);
    if (a.received > until) break;
    later.push_back(std::move(a));
  }
  return later;
}

}  // namespace

Timestamp end_of_snapshot(const ConsultationTargets& targets) { return start_of_day(targets.snapshot + days(1)) - 1; }

std::vector<std::unique_ptr<CaseAgent>> plan_consultations(SimulationLoop& loop, std::uint64_t seed,
                                                           const ConsultationTargets& targets, Timestamp until) {
  Dice dice(seed);
  const ConsultationFigures& f = targets.figures;
  const int others = f.applications - f.module2_applications;
  const int module1 = int(std::lround(others * 0.466)), module3 = int(std::lround(others * 0.304));
  std::vector<Municipality> unused = hessian_municipalities();
  for (std::size_t i = unused.size(); i > 1; --i)
    std::swap(unused[i - 1], unused[std::size_t(dice.between(0, int(i) - 1))]);

  const auto drafts = draft_applications(
      dice, {{1, module1}, {2, f.module2_applications}, {3, module3}, {4, others - module1 - module3}}, unused);
  const auto times = receipt_times(dice, int(drafts.size()), targets.first_day, targets.snapshot, 1.5);
  std::vector<Application> applications;
  std::map<std::string, std::vector<int>> booked;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    Application a;
    a.municipality = drafts[i].municipality;
    a.module = drafts[i].module;
    a.received = times[i];
    booked[a.municipality.ags].push_back(a.module);
    applications.push_back(std::move(a));
  }

  // Which are completed by the snapshot: drawn among those received at least 110 days before it.
  const Timestamp snapshot_end = end_of_snapshot(targets);
  const Timestamp latest_start = snapshot_end - 110 * kDay;
  for (const bool module2 : {true, false}) {
    std::vector<Application*> candidates;
    for (auto& a : applications)
      if ((a.module == 2) == module2 && a.received <= latest_start) candidates.push_back(&a);
    int wanted = module2 ? f.module2_completed : f.completed - f.module2_completed;
    for (std::size_t i = 0; i < candidates.size() && wanted > 0; ++i)
      if (dice.chance(double(wanted) / double(candidates.size() - i))) {  // an unbiased sample
        candidates[i]->completes_by_snapshot = true;
        --wanted;
      }
  }
  for (auto& a : applications)
    if (!a.completes_by_snapshot) draw_fate(dice, a);
  for (auto& a : later_applications(dice, targets, until, unused, booked)) {
    draw_fate(dice, a);
    // After the last funding deadline the municipalities know they pay themselves.
    if (local_day(a.received) > local_days{std::chrono::year{2024} / 12 / 31} && dice.chance(0.8))
      a.if_not_fundable = IfNotFundable::OwnCost;
    applications.push_back(std::move(a));
  }

  std::vector<std::unique_ptr<CaseAgent>> agents;
  for (auto& a : applications) {
    a.seed = seed ^ (0x9e3779b97f4a7c15ull * (agents.size() + 1));
    plan_course(a, snapshot_end - kHour, a.received <= snapshot_end ? snapshot_end + kDay : 0);
    Dice withdrawal(a.seed ^ 0xd1ce);
    const Timestamp first_day = start_of_day(a.timeline.rounds.front().days.front());
    a.withdraw_at = a.received + Timestamp(withdrawal.real(0.1, 0.9) * double(first_day - a.received));
    const Timestamp received = a.received;
    auto agent = std::make_unique<ConsultationAgent>(loop, std::move(a));
    agent->begin(received);
    agents.push_back(std::move(agent));
  }
  return agents;
}

ConsultationFigures count_consultations(Engine& engine, const ConsultationTargets& targets) {
  StatisticsRequest request;
  request.tenant = kConsultationTenant;
  request.process_id = kConsultationProcess;
  request.from = targets.first_day;
  request.to = targets.snapshot;
  auto stats = engine.statistics(request);
  ConsultationFigures figures;
  figures.applications = int(stats.totals.started);
  figures.completed = int(stats.totals.completed["completed"]);
  for (auto& dimension : stats.dimensions) {
    if (dimension.name != "module" || dimension.value != "2") continue;
    figures.module2_applications = int(dimension.cases);
    figures.module2_completed = int(dimension.outcomes["completed"]);
  }
  return figures;
}

}  // namespace amtsweg::simulation
