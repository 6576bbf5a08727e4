// Wide tables scroll sideways inside their own box on a narrow screen, never the page: each table is wrapped in a
// focusable region (so it can be scrolled from the keyboard) with a hint that shows only while it overflows.
for (const table of document.querySelectorAll('main table.govuk-table')) {
  if (table.parentElement?.classList.contains('app-table-scroll')) {
    continue
  }

  const wrapper = document.createElement('div')
  wrapper.className = 'app-table-scroll'
  wrapper.tabIndex = 0
  wrapper.setAttribute('role', 'region')
  const caption = table.querySelector('caption')?.textContent?.trim()
  wrapper.setAttribute('aria-label', caption ? `${caption} (scrolls sideways)` : 'Table (scrolls sideways)')
  if (table.querySelectorAll('thead th, tr:first-child > *').length >= 4) {
    table.classList.add('app-table--wide')
  }

  const hint = document.createElement('p')
  hint.className = 'govuk-body-s app-table-scroll__hint'
  hint.textContent = 'Scroll sideways to see the whole table.'
  table.before(hint)
  table.before(wrapper)
  wrapper.append(table)

  const overflowing = () => hint.classList.toggle('app-table-scroll__hint--shown', wrapper.scrollWidth > wrapper.clientWidth + 1)
  overflowing()
  window.addEventListener('resize', overflowing)
}
