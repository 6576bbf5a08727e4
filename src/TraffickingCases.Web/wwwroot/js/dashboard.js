// The dashboard's charts (issue 14). Each trend is a table on the page: the table is the accessible version and what
// shows without JavaScript; this draws a Chart.js chart from it and tucks the table into a "Show the figures" details.
// Chart.js (wwwroot/lib/chart.umd.min.js) is loaded before this module by the page; nothing here is inline, so the
// strict Content-Security-Policy holds.

// GOV.UK Design System colours: blue, orange, green; distinct for the common kinds of colour blindness.
const colours = ['#1d70b8', '#f47738', '#00703c']

function series (table) {
  const headers = Array.from(table.querySelectorAll('thead th'))
  const rows = Array.from(table.querySelectorAll('tbody tr'))
  const labels = rows.map(row => row.querySelector('th').textContent.trim())
  const datasets = []
  headers.forEach((header, column) => {
    if (header.dataset.series !== 'true') {
      return
    }
    const values = rows.map(row => {
      const text = row.children[column].dataset.value
      return text === '' || text === undefined ? null : Number(text)
    })
    const colour = colours[datasets.length % colours.length]
    datasets.push({
      label: header.textContent.trim(),
      data: values,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointRadius: 2,
      spanGaps: false
    })
  })
  return { labels, datasets }
}

function draw (holder) {
  const table = document.getElementById(holder.dataset.chartFor)
  const region = document.querySelector(`[data-chart-table="${holder.dataset.chartFor}"]`)
  if (!table || !region) {
    return
  }

  const canvas = document.createElement('canvas')
  canvas.setAttribute('role', 'img')
  canvas.setAttribute('aria-label', `Line chart: ${table.dataset.chartTitle} by month. The figures are in the table that follows.`)
  canvas.textContent = `${table.dataset.chartTitle}: the figures are in the table that follows.`
  holder.appendChild(canvas)
  holder.classList.add('app-dashboard-chart--drawn')

  // eslint-disable-next-line no-new, no-undef
  new Chart(canvas, {
    type: 'line',
    data: series(table),
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } }
    }
  })

  // The table stays on the page, one click away, for screen readers and anyone who wants the exact figures.
  const details = document.createElement('details')
  details.className = 'govuk-details'
  const summary = document.createElement('summary')
  summary.className = 'govuk-details__summary'
  const summaryText = document.createElement('span')
  summaryText.className = 'govuk-details__summary-text'
  summaryText.textContent = 'Show the figures as a table'
  summary.appendChild(summaryText)
  const text = document.createElement('div')
  text.className = 'govuk-details__text'
  region.replaceWith(details)
  details.appendChild(summary)
  details.appendChild(text)
  text.appendChild(region)
}

if (typeof window.Chart === 'function') {
  document.querySelectorAll('[data-chart-for]').forEach(draw)
}
