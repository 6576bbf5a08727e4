// The flag queue's "Select all": a progressive enhancement. Without JavaScript each flag is ticked by hand and the
// header checkbox stays hidden. With it, the header checkbox ticks or clears every flag on the page, shows as mixed
// when only some are ticked, and a line above the actions says how many are selected and when that is over the limit.
for (const form of document.querySelectorAll('form[data-module="app-flag-queue"]')) {
  const all = form.querySelector('[data-select-all]')
  const toggle = all?.querySelector('input[type="checkbox"]')
  const boxes = [...form.querySelectorAll('input[name="Form.FlagIds"]')]
  const count = form.querySelector('[data-selected-count]')
  const max = Number(form.dataset.max) || 100
  if (!all || !toggle || boxes.length === 0) {
    continue
  }

  const update = () => {
    const ticked = boxes.filter(box => box.checked).length
    toggle.checked = ticked === boxes.length
    toggle.indeterminate = ticked > 0 && ticked < boxes.length
    if (count) {
      count.hidden = ticked === 0
      count.textContent = ticked > max
        ? `${ticked} flags selected: choose ${max} or fewer at a time`
        : `${ticked} flag${ticked === 1 ? '' : 's'} selected`
      count.classList.toggle('govuk-error-message', ticked > max)
    }
  }

  all.hidden = false
  toggle.addEventListener('change', () => {
    for (const box of boxes) {
      box.checked = toggle.checked
    }
    update()
  })
  for (const box of boxes) {
    box.addEventListener('change', update)
  }
  update()
}
