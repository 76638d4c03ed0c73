/*
 * The drill report page's script: reads the report view (JSON in #report-data) and draws its
 * charts with Chart.js and chartjs-plugin-annotation, both inlined into the page from
 * node_modules by html.ts. One timeline per phase (one row per signal: what it held and when,
 * the lever's moments as vertical lines, predicted and measured moments as markers) and one
 * bar chart of predicted against measured seconds per traffic path.
 */
/* global Chart, document, window */
(function () {
    "use strict";
    const view = JSON.parse(document.getElementById("report-data").textContent);
    const fixed = {
        healthy: "#3c9d5d",
        unhealthy: "#d0453f",
        "(nothing)": "#999999",
        "(no samples)": "#bbbbbb",
    };
    const palette = ["#3b7dd8", "#e8912d", "#8e5cc4", "#2aa6a0", "#c4507a", "#7a8b2a", "#5a6f8f", "#b8782f"];
    const assigned = new Map();
    // Every value gets its colour once, in name order, so a region has one colour on the whole page.
    view.phases.flatMap(function (phase) { return phase.rows; }).flatMap(function (row) { return row.segments.map(function (segment) { return segment.value; }); })
        .filter(function (value, index, all) { return all.indexOf(value) === index && !fixed[value] && !value.startsWith("!") && value !== "dial=0"; })
        .sort().forEach(function (value, index) { assigned.set(value, palette[index % palette.length]); });
    function colourOf(value) {
        if (fixed[value]) {
            return fixed[value];
        }
        if (value.startsWith("!")) {
            return "#6b2a2a";
        }
        if (value === "dial=0") {
            return "#d0453f";
        }
        if (!assigned.has(value)) {
            assigned.set(value, palette[assigned.size % palette.length]);
        }
        return assigned.get(value);
    }

    function leverAnnotations(phase) {
        const annotations = {};
        phase.levers.forEach(function (lever, index) {
            annotations["lever" + index] = {
                type: "line", xMin: lever.at, xMax: lever.at, borderColor: "#222222", borderWidth: 2, borderDash: [6, 4],
                label: { display: true, content: lever.label + " (+" + lever.at + " s)", position: index % 2 === 0 ? "end" : "start", font: { size: 11 } },
            };
        });
        return annotations;
    }

    function timeline(canvas, phase) {
        const labels = phase.rows.map(function (row) { return row.label; });
        const depth = Math.max.apply(null, phase.rows.map(function (row) { return row.segments.length; }).concat([1]));
        const datasets = [];
        for (let index = 0; index < depth; index++) {
            datasets.push({
                type: "bar",
                order: 2,
                label: "segment " + (index + 1),
                grouped: false,
                barPercentage: 0.7,
                data: phase.rows.map(function (row) { const segment = row.segments[index]; return segment ? [segment.from, segment.to] : null; }),
                backgroundColor: phase.rows.map(function (row) { const segment = row.segments[index]; return segment ? colourOf(segment.value) : "transparent"; }),
                values: phase.rows.map(function (row) { const segment = row.segments[index]; return segment ? segment.value : ""; }),
            });
        }
        datasets.push({
            type: "scatter", order: 1, label: "predicted (worst case)", pointStyle: "triangle", pointRadius: 7, backgroundColor: "#ffffff", borderColor: "#222222", borderWidth: 2,
            data: phase.rows.filter(function (row) { return row.predictedAt !== null; }).map(function (row) { return { x: row.predictedAt, y: row.label }; }),
        });
        if (view.source === "measured") {
            datasets.push({
                type: "scatter", order: 0, label: "measured", pointStyle: "crossRot", pointRadius: 8, borderColor: "#000000", borderWidth: 3,
                data: phase.rows.filter(function (row) { return row.measuredAt !== null; }).map(function (row) { return { x: row.measuredAt, y: row.label }; }),
            });
        }
        const values = [];
        phase.rows.forEach(function (row) { row.segments.forEach(function (segment) { if (values.indexOf(segment.value) < 0) { values.push(segment.value); } }); });
        return new Chart(canvas, {
            data: { labels: labels, datasets: datasets },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                indexAxis: "y",
                scales: {
                    x: { type: "linear", min: 0, max: phase.durationSeconds, title: { display: true, text: "seconds after the phase began" } },
                    y: { type: "category", labels: labels },
                },
                plugins: {
                    legend: {
                        labels: {
                            generateLabels: function () {
                                const states = values.map(function (value) { return { text: value, fillStyle: colourOf(value), strokeStyle: colourOf(value), lineWidth: 0 }; });
                                const markers = datasets.filter(function (dataset) { return dataset.type === "scatter"; })
                                    .map(function (dataset) { return { text: dataset.label, pointStyle: dataset.pointStyle, fillStyle: "#ffffff", strokeStyle: dataset.borderColor, lineWidth: 2 }; });
                                return states.concat(markers);
                            },
                            usePointStyle: false,
                        },
                        onClick: function () { /* the legend explains colours; it does not hide them */ },
                    },
                    tooltip: {
                        callbacks: {
                            label: function (context) {
                                const dataset = context.dataset;
                                if (dataset.type === "scatter") {
                                    return dataset.label + ": +" + context.parsed.x + " s";
                                }
                                const range = dataset.data[context.dataIndex];
                                return dataset.values[context.dataIndex] + " from +" + range[0] + " s to +" + range[1] + " s";
                            },
                        },
                    },
                    annotation: { annotations: leverAnnotations(phase) },
                },
            },
        });
    }

    function pathChart(canvas) {
        const datasets = [{ label: "predicted worst case (s)", data: view.paths.map(function (path) { return path.predictedSeconds; }), backgroundColor: "#9db8e0" }];
        if (view.source === "measured") {
            datasets.push({ label: "measured (s)", data: view.paths.map(function (path) { return path.measuredSeconds; }), backgroundColor: "#2f5fa8" });
        }
        return new Chart(canvas, {
            type: "bar",
            data: { labels: view.paths.map(function (path) { return path.label; }), datasets: datasets },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                scales: { y: { beginAtZero: true, suggestedMax: view.objectiveSeconds * 1.1, title: { display: true, text: "seconds after the lever took effect" } } },
                plugins: {
                    annotation: {
                        annotations: {
                            objective: {
                                type: "line", yMin: view.objectiveSeconds, yMax: view.objectiveSeconds, borderColor: "#d0453f", borderWidth: 2,
                                label: { display: true, content: "recovery-time objective " + view.objectiveSeconds + " s", position: "end" },
                            },
                        },
                    },
                },
            },
        });
    }

    view.phases.forEach(function (phase) {
        const canvas = document.querySelector('section[data-phase="' + phase.phase + '"] canvas.timeline');
        const chart = timeline(canvas, phase);
        canvas.setAttribute("data-chart-rows", String(chart.data.labels.length));
    });
    const paths = document.getElementById("paths-chart");
    if (paths && view.paths.length > 0) {
        const chart = pathChart(paths);
        paths.setAttribute("data-chart-bars", String(chart.data.labels.length));
    }
    document.body.setAttribute("data-ready", "true");
    window.reportReady = true;
})();
