<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sr_RS@latin" sourcelanguage="en">
<context>
    <name>ArchiveEditor</name>
    <message>
        <source>Serbian (Latin)</source>
        <translation>srpski (latinica)</translation>
    </message>
    <message>
        <source>Serbian (Cyrillic)</source>
        <translation>srpski (ćirilica)</translation>
    </message>
    <message>
        <source>Albanian</source>
        <translation>albanski</translation>
    </message>
    <message>
        <source>English</source>
        <translation>engleski</translation>
    </message>
    <message>
        <source>Archive metadata</source>
        <translation>Podaci arhive</translation>
    </message>
    <message>
        <source>Someone saved this episode while you were editing: the fields show your changes, with what they saved under each. Save again to keep yours.</source>
        <translation>Neko je sačuvao ovu epizodu dok ste je uređivali: polja pokazuju vaše izmene, a ispod svakog ono što je taj neko sačuvao. Sačuvajte ponovo da zadržite svoje.</translation>
    </message>
    <message>
        <source>Title, %1</source>
        <translation>Naslov, %1</translation>
    </message>
    <message>
        <source>Air date (YYYY-MM-DD)</source>
        <translation>Datum emitovanja (GGGG-MM-DD)</translation>
    </message>
    <message>
        <source>Air time (HH:MM)</source>
        <translation>Vreme emitovanja (ČČ:MM)</translation>
    </message>
    <message>
        <source>Topics (comma-separated)</source>
        <translation>Teme (odvojene zarezom)</translation>
    </message>
    <message>
        <source>Description, %1</source>
        <translation>Opis, %1</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Gosti</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funkcija</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>Stranka</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Sačuvaj izmene</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nesačuvane izmene</translation>
    </message>
</context>
<context>
    <name>ArchiveField</name>
    <message>
        <source>Saved meanwhile: %1</source>
        <translation>U međuvremenu sačuvano: %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(prazno)</translation>
    </message>
</context>
<context>
    <name>ArchivePane</name>
    <message>
        <source>live</source>
        <translation>uživo</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>planirana</translation>
    </message>
    <message>
        <source>aired</source>
        <translation>emitovana</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>arhivirana</translation>
    </message>
    <message>
        <source>in the title</source>
        <translation>u naslovu</translation>
    </message>
    <message>
        <source>in a guest</source>
        <translation>u gostu</translation>
    </message>
    <message>
        <source>in a topic</source>
        <translation>u temi</translation>
    </message>
    <message>
        <source>in the description</source>
        <translation>u opisu</translation>
    </message>
    <message>
        <source>in an aired question</source>
        <translation>u emitovanom pitanju</translation>
    </message>
    <message>
        <source>Search titles, guests, topics, questions (any script)</source>
        <translation>Pretraga naslova, gostiju, tema, pitanja (bilo koje pismo)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Traži</translation>
    </message>
    <message>
        <source>All episodes</source>
        <translation>Sve epizode</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Osveži</translation>
    </message>
    <message>
        <source>The archive is empty</source>
        <translation>Arhiva je prazna</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Traženje…</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Ništa nije nađeno</translation>
    </message>
    <message>
        <source>Episode %1: %2</source>
        <translation>Epizoda %1: %2</translation>
    </message>
    <message>
        <source>duration %1</source>
        <translation>trajanje %1</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>verzija %1</translation>
    </message>
    <message>
        <source>Master: %1, %2 MB, SHA-256 %3…; fixity: %4</source>
        <translation>Master: %1, %2 MB, SHA-256 %3…; provera: %4</translation>
    </message>
    <message>
        <source>never checked</source>
        <translation>nikad provereno</translation>
    </message>
    <message>
        <source>Master: not ingested yet</source>
        <translation>Master: još nije unet</translation>
    </message>
    <message>
        <source> (poster)</source>
        <translation> (poster)</translation>
    </message>
    <message>
        <source>No recording to play yet</source>
        <translation>Još nema snimka za puštanje</translation>
    </message>
    <message>
        <source>Aired questions (%1)</source>
        <translation>Emitovana pitanja (%1)</translation>
    </message>
    <message>
        <source>no timecode</source>
        <translation>bez vremenskog koda</translation>
    </message>
    <message>
        <source>Play from here</source>
        <translation>Pusti odavde</translation>
    </message>
    <message>
        <source>Choose an episode to see its details, play it and edit it.</source>
        <translation>Izaberite epizodu da vidite pojedinosti, pustite je i uredite.</translation>
    </message>
</context>
<context>
    <name>ArchivePlayer</name>
    <message>
        <source>The recording cannot be played: %1</source>
        <translation>Snimak ne može da se pusti: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pauza</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Pusti</translation>
    </message>
</context>
<context>
    <name>ConfidencePicture</name>
    <message>
        <source>STALE</source>
        <translation>STARA SLIKA</translation>
    </message>
    <message>
        <source>NO PICTURE</source>
        <translation>NEMA SLIKE</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>pre %1 s</translation>
    </message>
</context>
<context>
    <name>ControlsPane</name>
    <message>
        <source>Question</source>
        <translation>Pitanje</translation>
    </message>
    <message>
        <source>Cue next</source>
        <translation>Pripremi sledeće</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Emituj</translation>
    </message>
    <message>
        <source>Space / Return</source>
        <translation>Razmak / Enter</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Skini</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Skini sve</translation>
    </message>
    <message>
        <source>Guest supers</source>
        <translation>Potpisi gostiju</translation>
    </message>
    <message>
        <source>Clear super</source>
        <translation>Skini potpis</translation>
    </message>
    <message>
        <source>Logo, QR code, ticker</source>
        <translation>Logo, QR kod, kajron</translation>
    </message>
    <message>
        <source>Logo off</source>
        <translation>Skini logo</translation>
    </message>
    <message>
        <source>Logo on</source>
        <translation>Pusti logo</translation>
    </message>
    <message>
        <source>QR off</source>
        <translation>Skini QR</translation>
    </message>
    <message>
        <source>QR on</source>
        <translation>Pusti QR</translation>
    </message>
    <message>
        <source>Ticker off</source>
        <translation>Skini kajron</translation>
    </message>
    <message>
        <source>Ticker on</source>
        <translation>Pusti kajron</translation>
    </message>
    <message>
        <source>Ticker text</source>
        <translation>Tekst kajrona</translation>
    </message>
    <message>
        <source>Update ticker</source>
        <translation>Izmeni kajron</translation>
    </message>
    <message>
        <source>Cue ticker</source>
        <translation>Pripremi kajron</translation>
    </message>
</context>
<context>
    <name>EndEpisodeDialog</name>
    <message>
        <source>End episode %1?</source>
        <translation>Završiti epizodu %1?</translation>
    </message>
    <message>
        <source>Questions close, every question not yet aired becomes &quot;not selected&quot; (viewers see it), every graphic leaves the air and the engines stop recording. This cannot be undone.</source>
        <translation>Pitanja se zatvaraju, svako pitanje koje još nije emitovano postaje „nije izabrano“ (gledaoci to vide), sva grafika silazi iz programa i mašine prestaju da snimaju. Ovo se ne može poništiti.</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>Nastavi emisiju</translation>
    </message>
    <message>
        <source>End episode %1</source>
        <translation>Završi epizodu %1</translation>
    </message>
</context>
<context>
    <name>EpisodeBar</name>
    <message>
        <source>PLANNED</source>
        <translation>PLANIRANA</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>UŽIVO</translation>
    </message>
    <message>
        <source>AIRED</source>
        <translation>EMITOVANA</translation>
    </message>
    <message>
        <source>ARCHIVED</source>
        <translation>ARHIVIRANA</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>No recording reported</source>
        <translation>Nijedna mašina nije javila snimanje</translation>
    </message>
    <message>
        <source>Recording %1 (%2)</source>
        <translation>Snima se %1 (%2)</translation>
    </message>
    <message>
        <source>Recorded %1, %2 (%3)</source>
        <translation>Snimljeno %1, %2 (%3)</translation>
    </message>
    <message>
        <source>Recording FAILED (%1, %2): %3</source>
        <translation>Snimanje NIJE USPELO (%1, %2): %3</translation>
    </message>
    <message>
        <source>Recording %1: %2</source>
        <translation>Snimak %1: %2</translation>
    </message>
    <message>
        <source>Episode %1 · %2</source>
        <translation>Epizoda %1 · %2</translation>
    </message>
    <message>
        <source>Questions open</source>
        <translation>Pitanja otvorena</translation>
    </message>
    <message>
        <source>Questions closed</source>
        <translation>Pitanja zatvorena</translation>
    </message>
    <message>
        <source>No episode yet: create one under Episodes.</source>
        <translation>Još nema epizode: napravite je pod Epizode.</translation>
    </message>
    <message>
        <source>Episode</source>
        <translation>Epizoda</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>New segment</source>
        <translation>Novi segment</translation>
    </message>
    <message>
        <source>Start episode</source>
        <translation>Počni epizodu</translation>
    </message>
    <message>
        <source>End episode…</source>
        <translation>Završi epizodu…</translation>
    </message>
</context>
<context>
    <name>EpisodeEditor</name>
    <message>
        <source>New episode</source>
        <translation>Nova epizoda</translation>
    </message>
    <message>
        <source>Edit episode</source>
        <translation>Izmena epizode</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Broj</translation>
    </message>
    <message>
        <source>Air date</source>
        <translation>Datum emitovanja</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>GGGG-MM-DD</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Naslov</translation>
    </message>
    <message>
        <source>Sporazum 7. 12. 2026.</source>
        <translation>Sporazum 7. 12. 2026.</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Teme</translation>
    </message>
    <message>
        <source>comma-separated, e.g. roads, water</source>
        <translation>odvojene zarezom, npr. putevi, voda</translation>
    </message>
    <message>
        <source>Guests (supers F5–F8 in this order)</source>
        <translation>Gosti (potpisi F5–F8 ovim redom)</translation>
    </message>
    <message>
        <source>Add guest</source>
        <translation>Dodaj gosta</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ime i prezime</translation>
    </message>
    <message>
        <source>Role or party</source>
        <translation>Funkcija ili stranka</translation>
    </message>
    <message>
        <source>No guests: the supers&apos; keys stay unused.</source>
        <translation>Nema gostiju: tasteri za potpise ostaju neiskorišćeni.</translation>
    </message>
</context>
<context>
    <name>EpisodesPane</name>
    <message>
        <source>Episodes (newest first)</source>
        <translation>Epizode (najnovije prvo)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Osveži</translation>
    </message>
    <message>
        <source>New episode</source>
        <translation>Nova epizoda</translation>
    </message>
    <message>
        <source>live</source>
        <translation>uživo</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>planirana</translation>
    </message>
    <message>
        <source>aired</source>
        <translation>emitovana</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>arhivirana</translation>
    </message>
    <message>
        <source>current</source>
        <translation>tekuća</translation>
    </message>
    <message>
        <source>No episodes yet</source>
        <translation>Još nema epizoda</translation>
    </message>
    <message>
        <source>Create episode</source>
        <translation>Napravi epizodu</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Sačuvaj izmene</translation>
    </message>
    <message>
        <source>Start episode %1</source>
        <translation>Počni epizodu %1</translation>
    </message>
    <message>
        <source>End episode %1…</source>
        <translation>Završi epizodu %1…</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <source>Question</source>
        <translation>Pitanje</translation>
    </message>
    <message>
        <source>Guest super</source>
        <translation>Potpis gosta</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>QR kod</translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>Kajron</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>Pitanje %1</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>Sporazum studio</source>
        <translation>Sporazum režija</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Korisničko ime</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Lozinka</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Prijavi se</translation>
    </message>
</context>
<context>
    <name>LoudnessBadge</name>
    <message>
        <source>R 128 OK</source>
        <translation>R 128 u redu</translation>
    </message>
    <message>
        <source>near R 128</source>
        <translation>blizu R 128</translation>
    </message>
    <message>
        <source>off R 128</source>
        <translation>van R 128</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>nije izmereno</translation>
    </message>
    <message>
        <source>%1 LUFS, true peak %2 dBTP</source>
        <translation>%1 LUFS, stvarni vrh %2 dBTP</translation>
    </message>
    <message>
        <source>, range %1 LU</source>
        <translation>, opseg %1 LU</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Sporazum studio</source>
        <translation>Sporazum režija</translation>
    </message>
    <message>
        <source>Cued, goes to air on Take: question %1</source>
        <translation>Pripremljeno, ide u program na Emituj: pitanje %1</translation>
    </message>
    <message>
        <source>Questions (%1)</source>
        <translation>Pitanja (%1)</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>Epizode</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Arhiva</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation>Pregled</translation>
    </message>
    <message>
        <source>Select a question to see it as it would go to air</source>
        <translation>Izaberite pitanje da ga vidite onako kako bi izašlo u program</translation>
    </message>
    <message>
        <source>Do not take this. %1</source>
        <translation>Ne emitujte ovo. %1</translation>
    </message>
</context>
<context>
    <name>ProgrammePane</name>
    <message>
        <source>Programme</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>No picture from the engines yet</source>
        <translation>Još nema slike sa mašina</translation>
    </message>
</context>
<context>
    <name>ProgrammeRow</name>
    <message>
        <source>off air</source>
        <translation>nije u programu</translation>
    </message>
    <message>
        <source>Cued: %1</source>
        <translation>Pripremljeno: %1</translation>
    </message>
</context>
<context>
    <name>QueueDelegate</name>
    <message>
        <source>SR Latin</source>
        <translation>SR latinica</translation>
    </message>
    <message>
        <source>SR Cyrillic</source>
        <translation>SR ćirilica</translation>
    </message>
    <message>
        <source>SQ</source>
        <translation>SQ</translation>
    </message>
    <message>
        <source>EN</source>
        <translation>EN</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>odobreno</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>u redu</translation>
    </message>
    <message>
        <source>ON AIR</source>
        <translation>U PROGRAMU</translation>
    </message>
    <message>
        <source>aired</source>
        <translation>emitovano</translation>
    </message>
    <message>
        <source>not selected</source>
        <translation>nije izabrano</translation>
    </message>
    <message>
        <source>asked %1×</source>
        <translation>pitano %1×</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>izmenjeno</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Ukloni</translation>
    </message>
    <message>
        <source>Viewer&apos;s original: %1</source>
        <translation>Original gledaoca: %1</translation>
    </message>
    <message>
        <source>on air since %1</source>
        <translation>u programu od %1</translation>
    </message>
    <message>
        <source>on air %1–%2</source>
        <translation>u programu %1–%2</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>U red</translation>
    </message>
    <message>
        <source>Ins</source>
        <translation>Ins</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Search (any script)</source>
        <translation>Pretraga (bilo koje pismo)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Sva stanja</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>U redu</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Odobreno</translation>
    </message>
    <message>
        <source>On air</source>
        <translation>U programu</translation>
    </message>
    <message>
        <source>Aired</source>
        <translation>Emitovano</translation>
    </message>
    <message>
        <source>Not selected</source>
        <translation>Nije izabrano</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Sve teme</translation>
    </message>
    <message>
        <source>No questions yet</source>
        <translation>Još nema pitanja</translation>
    </message>
    <message>
        <source>No question matches</source>
        <translation>Nijedno pitanje ne odgovara</translation>
    </message>
    <message numerus="yes">
        <source>%n question(s) from the server could not be read (%1)</source>
        <translation>
            <numerusform>%n pitanje sa servera nije moglo da se pročita (%1)</numerusform>
            <numerusform>%n pitanja sa servera nisu mogla da se pročitaju (%1)</numerusform>
            <numerusform>%n pitanja sa servera nije moglo da se pročita (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Selected question %1</source>
        <translation>Izabrano pitanje %1</translation>
    </message>
    <message>
        <source>Drag ≡ onto a queued question to put it there · Ctrl+↑/↓ move · Ins queue · Del remove</source>
        <translation>Prevucite ≡ na pitanje u redu da ga stavite tu · Ctrl+↑/↓ pomeri · Ins u red · Del ukloni</translation>
    </message>
</context>
<context>
    <name>StatusPane</name>
    <message>
        <source>Connected as %1</source>
        <translation>Povezano kao %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Povezivanje…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Prijavljivanje…</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Niste prijavljeni</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Odbijeno</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Van veze</translation>
    </message>
    <message>
        <source>%1: disconnected</source>
        <translation>%1: nije povezan</translation>
    </message>
    <message>
        <source>%1: no report yet</source>
        <translation>%1: još bez izveštaja</translation>
    </message>
    <message>
        <source>%1: %2 fps, %3 dropped, input %4%5</source>
        <translation>%1: %2 fps, %3 ispuštenih, ulaz %4%5</translation>
    </message>
    <message>
        <source> (stale)</source>
        <translation> (zastarelo)</translation>
    </message>
    <message>
        <source>No engine</source>
        <translation>Nema mašine za grafiku</translation>
    </message>
    <message>
        <source>Approved %1 · Queued %2 · On air %3 · Aired %4 · Not selected %5</source>
        <translation>Odobreno %1 · U redu %2 · U programu %3 · Emitovano %4 · Nije izabrano %5</translation>
    </message>
</context>
<context>
    <name>sporazum::studio::ArchiveController</name>
    <message>
        <source>nothing to search for</source>
        <translation>nema šta da se traži</translation>
    </message>
    <message>
        <source>the search is too long (at most %1 characters)</source>
        <translation>pretraga je preduga (najviše %1 znakova)</translation>
    </message>
    <message>
        <source>there is no such episode in the archive</source>
        <translation>te epizode nema u arhivi</translation>
    </message>
    <message>
        <source>Load the archive</source>
        <translation>Učitavanje arhive</translation>
    </message>
    <message>
        <source>Search: not sent: %1</source>
        <translation>Pretraga: nije poslato: %1</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Traži</translation>
    </message>
    <message>
        <source>Open episode %1</source>
        <translation>Otvaranje epizode %1</translation>
    </message>
    <message>
        <source>Save episode %1</source>
        <translation>Čuvanje epizode %1</translation>
    </message>
    <message>
        <source>%1: nothing changed.</source>
        <translation>%1: ništa nije izmenjeno.</translation>
    </message>
    <message>
        <source>%1: not sent: %2</source>
        <translation>%1: nije poslato: %2</translation>
    </message>
    <message>
        <source>%1 failed: the answer was not understood (%2).</source>
        <translation>%1 nije uspelo: odgovor nije razumljiv (%2).</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Ništa nije nađeno.</translation>
    </message>
    <message numerus="yes">
        <source>%n episode(s) found.</source>
        <translation>
            <numerusform>Nađena je %n epizoda.</numerusform>
            <numerusform>Nađene su %n epizode.</numerusform>
            <numerusform>Nađeno je %n epizoda.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: saved (version %2).</source>
        <translation>%1: sačuvano (verzija %2).</translation>
    </message>
    <message>
        <source>%1: unexpected answer %2.</source>
        <translation>%1: neočekivan odgovor %2.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 nije uspelo: %2</translation>
    </message>
    <message>
        <source>%1: refused: someone saved this episode first. Their version is shown; your unsaved changes are still in the form: check them and save again.</source>
        <translation>%1: odbijeno: neko je prvi sačuvao ovu epizodu. Prikazana je njegova verzija; vaše nesačuvane izmene su i dalje u obrascu: proverite ih i sačuvajte ponovo.</translation>
    </message>
    <message>
        <source>%1 failed: not sent.</source>
        <translation>%1 nije uspelo: nije poslato.</translation>
    </message>
</context>
<context>
    <name>sporazum::studio::Controller</name>
    <message>
        <source>nothing is cued on this layer: cue something first</source>
        <translation>ništa nije pripremljeno na ovom sloju: prvo nešto pripremite</translation>
    </message>
    <message>
        <source>this question cannot go to air (not an approved question of this episode)</source>
        <translation>ovo pitanje ne može u program (nije odobreno pitanje ove epizode)</translation>
    </message>
    <message>
        <source>this account may not do that</source>
        <translation>ovaj nalog to ne sme</translation>
    </message>
    <message>
        <source>the server could not record it; nothing changed: try again</source>
        <translation>server to nije mogao da zabeleži; ništa nije promenjeno: pokušajte ponovo</translation>
    </message>
    <message>
        <source>the text does not fit the graphic</source>
        <translation>tekst ne staje u grafiku</translation>
    </message>
    <message>
        <source>the on-air font lacks some of the characters</source>
        <translation>fontu za program nedostaju neki znakovi</translation>
    </message>
    <message>
        <source>no answer from the server: check the programme before trying again</source>
        <translation>server nije odgovorio: proverite program pre nego što pokušate ponovo</translation>
    </message>
    <message>
        <source>the server does not support this request yet</source>
        <translation>server još ne podržava ovaj zahtev</translation>
    </message>
    <message>
        <source>No question is queued.</source>
        <translation>Nijedno pitanje nije u redu.</translation>
    </message>
    <message>
        <source>Cue question %1</source>
        <translation>Priprema pitanja %1</translation>
    </message>
    <message>
        <source>Take %1</source>
        <translation>Emitovanje: %1</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>Skidanje: %1</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Skidanje svega</translation>
    </message>
    <message>
        <source>Take super %1</source>
        <translation>Emitovanje potpisa: %1</translation>
    </message>
    <message>
        <source>Type the ticker&apos;s text first.</source>
        <translation>Prvo upišite tekst kajrona.</translation>
    </message>
    <message>
        <source>The ticker&apos;s text is too long (at most %1 characters).</source>
        <translation>Tekst kajrona je predugačak (najviše %1 znakova).</translation>
    </message>
    <message>
        <source>Update the ticker</source>
        <translation>Izmena kajrona</translation>
    </message>
    <message>
        <source>Cue the ticker</source>
        <translation>Priprema kajrona</translation>
    </message>
    <message>
        <source>%1: done (command %2).</source>
        <translation>%1: urađeno (komanda %2).</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: urađeno.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 nije uspelo: %2</translation>
    </message>
    <message>
        <source>Engine %1 could not show %2: %3</source>
        <translation>Mašina %1 nije mogla da prikaže: %2: %3</translation>
    </message>
    <message>
        <source>%1: ignored a second press within a second.</source>
        <translation>%1: drugi pritisak u istoj sekundi je zanemaren.</translation>
    </message>
    <message>
        <source>%1 failed: not sent.</source>
        <translation>%1 nije uspelo: nije poslato.</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Replaces: %1</source>
        <translation>Zamenjuje: %1</translation>
    </message>
    <message>
        <source>another episode already has this number</source>
        <translation>druga epizoda već ima ovaj broj</translation>
    </message>
    <message>
        <source>it no longer exists</source>
        <translation>više ne postoji</translation>
    </message>
    <message>
        <source>it no longer exists (%1)</source>
        <translation>više ne postoji (%1)</translation>
    </message>
    <message>
        <source>not allowed in its present state</source>
        <translation>nije dozvoljeno u sadašnjem stanju</translation>
    </message>
    <message>
        <source>not allowed: %1</source>
        <translation>nije dozvoljeno: %1</translation>
    </message>
    <message>
        <source>Only an approved question can join the queue.</source>
        <translation>Samo odobreno pitanje može u red.</translation>
    </message>
    <message>
        <source>Queue question %1</source>
        <translation>Stavljanje pitanja %1 u red</translation>
    </message>
    <message>
        <source>Only a queued question can be taken out of the queue.</source>
        <translation>Iz reda se može ukloniti samo pitanje koje je u redu.</translation>
    </message>
    <message>
        <source>Take question %1 out of the queue</source>
        <translation>Uklanjanje pitanja %1 iz reda</translation>
    </message>
    <message>
        <source>Queue question %1 at position %2</source>
        <translation>Stavljanje pitanja %1 u red na mesto %2</translation>
    </message>
    <message>
        <source>Move question %1 to position %2</source>
        <translation>Pomeranje pitanja %1 na mesto %2</translation>
    </message>
    <message>
        <source>%1 refused: the question changed since you saw it.</source>
        <translation>%1 odbijeno: pitanje se promenilo otkako ste ga videli.</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Neko</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>%1 refused: %2 changed question %3%4 after you saw it. The row now shows it as it is.</source>
        <translation>%1 odbijeno: %2 je promenio/la pitanje %3%4 pošto ste ga videli. Red sada pokazuje kakvo je sada.</translation>
    </message>
</context>
<context>
    <name>sporazum::studio::PreviewRenderer</name>
    <message>
        <source>No preview: the templates in %1 could not be loaded (%2: %3).</source>
        <translation>Nema pregleda: šabloni u %1 nisu mogli da se učitaju (%2: %3).</translation>
    </message>
    <message>
        <source>Unknown layer: nothing to preview.</source>
        <translation>Nepoznat sloj: nema šta da se prikaže.</translation>
    </message>
    <message>
        <source>Partly outside the graphics-safe area.</source>
        <translation>Delom izvan bezbedne zone za grafiku.</translation>
    </message>
    <message>
        <source>Nothing to show: the text is empty.</source>
        <translation>Nema šta da se prikaže: tekst je prazan.</translation>
    </message>
    <message numerus="yes">
        <source>The on-air font lacks %n character(s): they would show as boxes.</source>
        <translation>
            <numerusform>Fontu za program nedostaje %n znak: bio bi prikazan kao kvadratić.</numerusform>
            <numerusform>Fontu za program nedostaju %n znaka: bili bi prikazani kao kvadratići.</numerusform>
            <numerusform>Fontu za program nedostaje %n znakova: bili bi prikazani kao kvadratići.</numerusform>
        </translation>
    </message>
    <message>
        <source>Does not fit.</source>
        <translation>Ne staje.</translation>
    </message>
    <message>
        <source>Does not fit: %1</source>
        <translation>Ne staje: %1</translation>
    </message>
</context>
<context>
    <name>sporazum::studio::ShowController</name>
    <message>
        <source>The server&apos;s show could not be read (%1).</source>
        <translation>Podaci servera o emisiji nisu mogli da se pročitaju (%1).</translation>
    </message>
    <message>
        <source>Load the episodes</source>
        <translation>Učitavanje epizoda</translation>
    </message>
    <message>
        <source>Save episode %1</source>
        <translation>Čuvanje epizode %1</translation>
    </message>
    <message>
        <source>Create episode %1</source>
        <translation>Pravljenje epizode %1</translation>
    </message>
    <message>
        <source>%1: not sent: %2</source>
        <translation>%1: nije poslato: %2</translation>
    </message>
    <message>
        <source>Start %1</source>
        <translation>Početak: %1</translation>
    </message>
    <message>
        <source>End %1</source>
        <translation>Završetak: %1</translation>
    </message>
    <message>
        <source>%1 failed: the answer was not understood.</source>
        <translation>%1 nije uspelo: odgovor nije razumljiv.</translation>
    </message>
    <message>
        <source>%1: saved, but the answer was not understood.</source>
        <translation>%1: sačuvano, ali odgovor nije razumljiv.</translation>
    </message>
    <message>
        <source>%1: saved.</source>
        <translation>%1: sačuvano.</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: urađeno.</translation>
    </message>
    <message>
        <source>%1: unexpected answer %2.</source>
        <translation>%1: neočekivan odgovor %2.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 nije uspelo: %2</translation>
    </message>
    <message>
        <source>%1 failed: not sent.</source>
        <translation>%1 nije uspelo: nije poslato.</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>episode %1</source>
        <translation>epizoda %1</translation>
    </message>
    <message>
        <source>episode (id %1)</source>
        <translation>epizoda (id %1)</translation>
    </message>
</context>
<context>
    <name>sporazum::studio::StudioConnection</name>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Server nije odgovorio na vreme.</translation>
    </message>
    <message>
        <source>Logged out.</source>
        <translation>Odjavljeni ste.</translation>
    </message>
    <message>
        <source>Not connected to the server: nothing was sent.</source>
        <translation>Nema veze sa serverom: ništa nije poslato.</translation>
    </message>
    <message>
        <source>No server address (ws://HOST:PORT/ws/staff).</source>
        <translation>Nema adrese servera (ws://HOST:PORT/ws/staff).</translation>
    </message>
    <message>
        <source>The session has expired.</source>
        <translation>Sesija je istekla.</translation>
    </message>
    <message>
        <source>The session has expired: log in again.</source>
        <translation>Sesija je istekla: prijavite se ponovo.</translation>
    </message>
    <message>
        <source>The server&apos;s answer to the login was not understood.</source>
        <translation>Odgovor servera na prijavu nije razumljiv.</translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; is a %2 account: the studio is for producers and admins.</source>
        <translation>Nalog „%1“ ima ulogu %2: režija je za producente i administratore.</translation>
    </message>
    <message>
        <source>The session has ended: log in again.</source>
        <translation>Sesija je završena: prijavite se ponovo.</translation>
    </message>
    <message>
        <source>Wrong username or password, or the account is disabled.</source>
        <translation>Pogrešno korisničko ime ili lozinka, ili je nalog isključen.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts: try again in %n second(s).</source>
        <translation>
            <numerusform>Previše pokušaja: pokušajte ponovo za %n sekundu.</numerusform>
            <numerusform>Previše pokušaja: pokušajte ponovo za %n sekunde.</numerusform>
            <numerusform>Previše pokušaja: pokušajte ponovo za %n sekundi.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server refused the login (%1).</source>
        <translation>Server je odbio prijavu (%1).</translation>
    </message>
    <message>
        <source>The connection was lost: the server may or may not have applied this.</source>
        <translation>Veza je prekinuta: server je ovo možda primenio, a možda i nije.</translation>
    </message>
    <message>
        <source>No connection to the server (%1); trying again.</source>
        <translation>Nema veze sa serverom (%1); pokušava se ponovo.</translation>
    </message>
</context>
</TS>
