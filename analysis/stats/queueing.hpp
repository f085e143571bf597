#pragma once
// Analytic cross-checks for the read latency of one server: requests arrive as a Poisson stream and
// are served by one core (M/M/1 for exponential service times, M/D/1 for constant ones, and M/G/1
// between them by the Pollaczek-Khinchine formula) or by c cores sharing one queue (M/M/c, Erlang C).
// A simulated server under the same load should land close to these means; one that does not is
// either saturated somewhere else or modelled wrongly.
namespace analysis {

struct QueueMetrics {
  bool stable = false;         // utilization < 1; otherwise the queue grows without bound and the
                               // times below are infinite
  double utilization = 0.0;    // rho: fraction of time each core is busy
  double wait_probability = 0.0;  // probability that an arrival has to queue
  double mean_wait_s = 0.0;       // time in the queue, before service starts
  double mean_response_s = 0.0;   // wait plus service
  double mean_in_system = 0.0;    // requests queued or in service (Little: lambda * response)
};

// service_cv2 is the squared coefficient of variation of the service time: 0 constant, 1 exponential.
QueueMetrics mg1(double arrival_rate_per_s, double service_time_s, double service_cv2);
QueueMetrics mm1(double arrival_rate_per_s, double service_time_s);
QueueMetrics md1(double arrival_rate_per_s, double service_time_s);
QueueMetrics mmc(double arrival_rate_per_s, double service_time_s, int cores);

// How long a one-core queue at this utilization takes to settle near its steady state, from
// empty: about S / (1 - sqrt(rho))^2 (Morse's relaxation time of M/M/1; a queue of constant
// service times settles faster, within a small factor). Infinite at rho >= 1. A run measured for
// less than this never shows the steady-state means above.
double relaxation_time_s(double utilization, double service_time_s);

// Erlang C: the probability that an arrival waits, with cores servers and an offered load of
// offered_erlangs = lambda * service time (< cores).
double erlang_c(int cores, double offered_erlangs);

}  // namespace analysis
