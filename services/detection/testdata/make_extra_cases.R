# Generates the extra reference cases in this folder with R's surveillance package (Debian:
# r-cran-surveillance 1.20.3): non-default options and sparse series that the shared oracle
# does not cover. Each file has the shape of the oracle files (method, control, observed,
# range, alarm, upperbound); `control` is exactly what was passed, so R's defaults apply to the
# rest, which also checks claimwatch's defaults.
#   Rscript services/detection/testdata/make_extra_cases.R services/detection/testdata
suppressMessages(library(surveillance))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[1] else "."

data(salmonella.agona); data(shadar); data(ha.sts); data(campyDE)
series <- list(
  salmonella_agona = as.integer(salmonella.agona$observed),
  shadar = as.integer(shadar$observed),
  ha_total = as.integer(rowSums(observed(ha.sts))),
  campyDE = as.integer(campyDE$case),
  all_zero = rep(0L, 300),
  # Mostly zeros with rare single cases and one short burst: the sparse edge cases.
  rare_cases = { y <- rep(0L, 300); y[c(20, 75, 140, 199, 260)] <- 1L; y[281:284] <- c(2L, 3L, 4L, 2L); y }
)

last104 <- function(y, first) max(first, length(y) - 103):length(y)

run <- function(name, dataset, method, control) {
  y <- series[[dataset]]
  s <- sts(observed = y, start = c(2001, 1), frequency = 52)
  res <- switch(method,
    earsC_C1 = earsC(s, control = c(control, list(method = "C1"))),
    earsC_C2 = earsC(s, control = c(control, list(method = "C2"))),
    farrington = farrington(s, control = control),
    farringtonFlexible = farringtonFlexible(s, control = control),
    cusum = cusum(s, control = control),
    glrpois = glrpois(s, control = control))
  range <- (length(y) - nrow(res) + 1):length(y)  # every range used here ends at n
  ub <- as.numeric(upperbound(res))
  ub[is.nan(ub)] <- NA
  out <- list(dataset = dataset, method = method, control = control, frequency = 52,
              n = length(y), observed = y, range = range,
              alarm = as.integer(alarms(res)), upperbound = ub,
              generator = list(script = "services/detection/testdata/make_extra_cases.R",
                               surveillance = as.character(packageVersion("surveillance"))))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), null = "null", na = "null"),
             file.path(outdir, paste0(name, ".json")))
}

for (d in c("salmonella_agona", "ha_total", "rare_cases", "all_zero")) {
  y <- series[[d]]
  r3 <- last104(y, 160); r5 <- last104(y, 264); rall <- last104(y, 53)
  run(paste0(d, "__farrington_defaults"), d, "farrington", list(range = r5))
  run(paste0(d, "__farrington_sqrt_noreweight"), d, "farrington",
      list(range = r3, b = 3, w = 2, reweight = FALSE, powertrans = "1/2", alpha = 0.02))
  run(paste0(d, "__farrington_none_notrend"), d, "farrington",
      list(range = r3, b = 3, w = 3, trend = FALSE, powertrans = "none", limit54 = c(3, 2)))
  run(paste0(d, "__farringtonFlexible_defaults"), d, "farringtonFlexible", list(range = r5))
  run(paste0(d, "__farringtonFlexible_nbPlugin"), d, "farringtonFlexible",
      list(range = r5, noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin",
           pThresholdTrend = 1))
  run(paste0(d, "__farringtonFlexible_muan_noreweight"), d, "farringtonFlexible",
      list(range = r3, b = 3, w = 2, noPeriods = 4, reweight = FALSE, thresholdMethod = "muan",
           alpha = 0.01))
  run(paste0(d, "__farringtonFlexible_delta_none"), d, "farringtonFlexible",
      list(range = r5, powertrans = "none", weightsThreshold = 1.5, trend = FALSE))
  run(paste0(d, "__cusum_given_m"), d, "cusum", list(range = rall, m = 2.5, k = 0.5, h = 4))
  run(paste0(d, "__glrpois_value"), d, "glrpois", list(range = rall, c.ARL = 3))
  run(paste0(d, "__glrpois_cases_s2_trend"), d, "glrpois",
      list(range = rall, ret = "cases", mu0 = list(S = 2, trend = TRUE)))
  run(paste0(d, "__earsC_C1_options"), d, "earsC_C1",
      list(baseline = 10, minSigma = 0.5, alpha = 0.01))
  run(paste0(d, "__earsC_C2_defaults"), d, "earsC_C2", list())
}
run("campyDE__farringtonFlexible_nbPlugin", "campyDE", "farringtonFlexible",
    list(range = last104(series$campyDE, 264), noPeriods = 10, pastWeeksNotIncluded = 26,
         thresholdMethod = "nbPlugin", pThresholdTrend = 1))
run("campyDE__glrpois_value", "campyDE", "glrpois", list(range = last104(series$campyDE, 53)))
