// Passkeys: asks the server for WebAuthn options, lets the browser make or use a credential, and posts the
// browser's answer (as JSON) in the form's hidden CredentialJson field. The server checks everything.
const supported = typeof window.PublicKeyCredential === "function" && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

function token(form) {
    return form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? "";
}

async function optionsFrom(url, form) {
    const response = await fetch(url, { method: "POST", headers: { RequestVerificationToken: token(form) }, credentials: "same-origin" });
    if (!response.ok) {
        throw new Error(`The server answered ${response.status}`);
    }
    return response.json();
}

function wire(selector, url, ceremony) {
    for (const form of document.querySelectorAll(selector)) {
        if (!supported) {
            form.querySelector("[data-passkey-unsupported]")?.removeAttribute("hidden");
            form.querySelector("button")?.setAttribute("disabled", "disabled");
            continue;
        }
        form.addEventListener("submit", async (event) => {
            if (form.dataset.ready === "1") {
                return; // the credential is in the form: let it post
            }
            event.preventDefault();
            try {
                const credential = await ceremony(await optionsFrom(url, form));
                form.querySelector('input[name="CredentialJson"]').value = JSON.stringify(credential);
            } catch {
                // Cancelled or refused by the browser: the empty field tells the server, which says so.
                form.querySelector('input[name="CredentialJson"]').value = "";
            }
            form.dataset.ready = "1";
            form.requestSubmit();
        });
    }
}

wire("[data-passkey-create]", "/account/passkeys/options",
    (json) => navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) }));
wire("[data-passkey-request]", "/sign-in/passkey/options",
    (json) => navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) }));
