# zksim plot: saturated throughput against read percentage, predicted with scenarios/profiles/atc2010.json
# (data: atc2010_curves.dat, from `zksim calibrate scenarios/calibration/atc2010_curves.json --predict
# scenarios/profiles/atc2010.json --report r.json`); the paper's four points as crosses.
# Render again with `gnuplot atc2010_curves.gp` in this folder.
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo size 1200,675 font "sans,11" noenhanced
} else {
  set terminal png size 1200,675 noenhanced
}
set output "atc2010_curves.png"
set title "Saturated throughput, atc2010 profile (predicted) and the paper's points" font ",14"
set grid lc rgb "#dddddd"
set xlabel "read percentage (%)"
set ylabel "saturated throughput (ops/s)"
set logscale y
set xrange [-5:105]
set key top left
plot for [i=0:4] "atc2010_curves.dat" index i using 1:2 with linespoints lw 2 pt 7 title columnheader(1), \
     "-" using 1:2 with points pt 2 ps 2.5 lw 2 lc rgb "black" title "paper (ATC 2010)"
0 21000
100 87000
0 8000
100 460000
e
