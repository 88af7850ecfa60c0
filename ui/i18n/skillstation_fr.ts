<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AmendDialog</name>
    <message>
        <source>Amend {0} at {1}</source>
        <translation>Amender {0} à {1}</translation>
    </message>
    <message>
        <source>Candidate {0}{1} at station {2}, marked by {3}, submitted {4}. Choose the new values; the earlier ones stay in the history and the audit log.</source>
        <translation>Candidat {0}{1} à la station {2}, noté par {3}, soumis le {4}. Choisissez les nouvelles valeurs ; les anciennes restent dans l&apos;historique et le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Actuellement</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Nouvelle valeur</translation>
    </message>
    <message>
        <source>New value of {0}</source>
        <translation>Nouvelle valeur de {0}</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(inchangé)</translation>
    </message>
    <message>
        <source>&amp;Global grade</source>
        <translation>Note &amp;globale</translation>
    </message>
    <message>
        <source>&amp;Feedback comment</source>
        <translation>&amp;Commentaire au candidat</translation>
    </message>
    <message>
        <source>Earlier amendments</source>
        <translation>Amendements antérieurs</translation>
    </message>
    <message>
        <source>No amendment yet.</source>
        <translation>Aucun amendement pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Why (kept with the change and in the audit log)</source>
        <translation>Pourquoi (conservé avec la modification et dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>&amp;Amend</source>
        <translation>&amp;Amender</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnuler</translation>
    </message>
    <message>
        <source>Earlier values and amendments:</source>
        <translation>Valeurs antérieures et amendements :</translation>
    </message>
    <message>
        <source>(amended)</source>
        <translation>(amendé)</translation>
    </message>
    <message>
        <source>{0} {1}: {2}</source>
        <translation>{0} {1} : {2}</translation>
    </message>
    <message>
        <source>{0} {1}: {2} {3} → {4} — {5}</source>
        <translation>{0} {1} : {2} {3} → {4} — {5}</translation>
    </message>
    <message>
        <source>{0} {1}: global grade {2} → {3} — {4}</source>
        <translation>{0} {1} : note globale {2} → {3} — {4}</translation>
    </message>
    <message>
        <source>{0} {1}: comment “{2}” — {3}</source>
        <translation>{0} {1} : commentaire « {2} » — {3}</translation>
    </message>
    <message>
        <source>{0}: {1} → {2}</source>
        <translation>{0} : {1} → {2}</translation>
    </message>
    <message>
        <source>global grade: {0} → {1}</source>
        <translation>note globale : {0} → {1}</translation>
    </message>
    <message>
        <source>a new feedback comment</source>
        <translation>un nouveau commentaire au candidat</translation>
    </message>
    <message>
        <source>Changes: {0}</source>
        <translation>Modifications : {0}</translation>
    </message>
    <message>
        <source>; </source>
        <translation> ; </translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Rien n&apos;est encore modifié.</translation>
    </message>
    <message>
        <source>Choose a new value for an item, the grade or the comment.</source>
        <translation>Choisissez une nouvelle valeur pour un élément, la note ou le commentaire.</translation>
    </message>
    <message>
        <source>Give the reason for the amendment to enable Amend: it is kept with the change and in the audit log.</source>
        <translation>Donnez le motif de l&apos;amendement pour activer Amender : il est conservé avec la modification et dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Amended candidate {0} at station {1}; results re-scored.</source>
        <translation>Candidat {0} amendé à la station {1} ; résultats recalculés.</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <source>Verify the audit log</source>
        <extracomment>Entries per page.</extracomment>
        <translation>Vérifier le journal d&apos;audit</translation>
    </message>
    <message>
        <source>Checkpoint noted earlier (optional), e.g. 1234:3fa29c0d1e2b4f56</source>
        <translation>Point de contrôle noté auparavant (facultatif), p. ex. 1234:3fa29c0d1e2b4f56</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Pas encore vérifié.</translation>
    </message>
    <message>
        <source>Filter by user</source>
        <translation>Filtrer par utilisateur</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Filtrer par action</translation>
    </message>
    <message>
        <source>◀ &amp;Newer</source>
        <translation>◀ Plus &amp;récentes</translation>
    </message>
    <message>
        <source>O&amp;lder ▶</source>
        <translation>Plus a&amp;nciennes ▶</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Tout le monde</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>#</source>
        <translation>n°</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>Entrées du journal d&apos;audit</translation>
    </message>
    <message>
        <source>{0}–{1} of {2}</source>
        <translation>{0}–{1} sur {2}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Last entry&apos;s checkpoint (note it down to detect removed entries): {0}</source>
        <translation>Point de contrôle de la dernière entrée (notez-le pour détecter des entrées supprimées) : {0}</translation>
    </message>
</context>
<context>
    <name>BadgeCamera</name>
    <message>
        <source>Opening the camera…</source>
        <translation>Ouverture de la caméra…</translation>
    </message>
    <message>
        <source>The camera is off.</source>
        <translation>La caméra est éteinte.</translation>
    </message>
</context>
<context>
    <name>CheckInPanel</name>
    <message>
        <source>&amp;Exam</source>
        <extracomment>A candidate was checked in: (EncounterView, ExamInfo, station title).</extracomment>
        <translation>&amp;Examen</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>Type a name or number (↑↓ to choose, Enter to check in)</source>
        <translation>Tapez un nom ou un numéro (↑↓ pour choisir, Entrée pour enregistrer l&apos;arrivée)</translation>
    </message>
    <message>
        <source>&amp;Find a candidate</source>
        <translation>&amp;Trouver un candidat</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Scan the badge or type the candidate number, then Enter</source>
        <translation>Scannez le badge ou tapez le numéro du candidat, puis Entrée</translation>
    </message>
    <message>
        <source>&amp;Badge or candidate number</source>
        <translation>&amp;Badge ou numéro de candidat</translation>
    </message>
    <message>
        <source>Scan badge</source>
        <translation>Scanner le badge</translation>
    </message>
    <message>
        <source>No candidates are enrolled in this exam yet.</source>
        <translation>Aucun candidat n&apos;est encore inscrit à cet examen.</translation>
    </message>
    <message>
        <source>{0} candidates; {1} already seen at this station.</source>
        <translation>{0} candidats ; {1} déjà vus à cette station.</translation>
    </message>
    <message>
        <source>{0} {1} — {2}</source>
        <translation>{0} {1} — {2}</translation>
    </message>
    <message>
        <source>No candidate matches “{0}”.</source>
        <translation>Aucun candidat ne correspond à « {0} ».</translation>
    </message>
    <message>
        <source>Check in (Enter)</source>
        <translation>Enregistrer l&apos;arrivée (Entrée)</translation>
    </message>
    <message>
        <source>No-show… (Ctrl+Shift+N)</source>
        <translation>Absent… (Ctrl+Maj+N)</translation>
    </message>
    <message>
        <source>Why is the candidate absent? (Enter to record the no-show, Esc to cancel)</source>
        <translation>Pourquoi le candidat est-il absent ? (Entrée pour enregistrer l&apos;absence, Échap pour annuler)</translation>
    </message>
    <message>
        <source>You are not assigned to a station of an open exam. Ask the coordinator to assign you.</source>
        <translation>Vous n&apos;êtes affecté à aucune station d&apos;un examen ouvert. Demandez au coordinateur de vous affecter.</translation>
    </message>
    <message>
        <source>Hold the candidate&apos;s badge up to the camera.</source>
        <translation>Présentez le badge du candidat devant la caméra.</translation>
    </message>
    <message>
        <source>No camera is chosen in the settings: this is the simulated camera. Choose the camera in the settings (camera://0 is the computer&apos;s first).</source>
        <translation>Aucune caméra n’est choisie dans les paramètres : voici la caméra simulée. Choisissez la caméra dans les paramètres (camera://0 est la première de l’ordinateur).</translation>
    </message>
    <message>
        <source>The camera stopped: {0}.</source>
        <translation>La caméra s’est arrêtée : {0}.</translation>
    </message>
    <message>
        <source>“{0}” is not a SkillStation badge: scan the candidate&apos;s exam badge.</source>
        <translation>« {0} » n’est pas un badge SkillStation : scannez le badge d’examen du candidat.</translation>
    </message>
    <message>
        <source>This badge ({0}) was printed for the exam {1}, not for {2}.</source>
        <translation>Ce badge ({0}) a été imprimé pour l’examen {1}, pas pour {2}.</translation>
    </message>
    <message>
        <source>{0} is not on this exam&apos;s roster.</source>
        <translation>{0} ne figure pas sur la liste des candidats de cet examen.</translation>
    </message>
    <message>
        <source>Choose a candidate, or scan the badge.</source>
        <translation>Choisissez un candidat ou scannez le badge.</translation>
    </message>
    <message>
        <source>{0} has already been marked and submitted at this station.</source>
        <translation>{0} a déjà été noté et soumis à cette station.</translation>
    </message>
    <message>
        <source>{0} has already been marked here by {1} and submitted.</source>
        <translation>{0} a déjà été noté ici par {1} et soumis.</translation>
    </message>
    <message>
        <source>{0} has been recorded absent at this station.</source>
        <translation>{0} a été enregistré absent à cette station.</translation>
    </message>
    <message>
        <source>{0} is being marked at this station by {1}.</source>
        <translation>{0} est en cours de notation à cette station par {1}.</translation>
    </message>
    <message>
        <source>Press Enter again to open it anyway.</source>
        <translation>Appuyez à nouveau sur Entrée pour l&apos;ouvrir quand même.</translation>
    </message>
    <message>
        <source>Choose the exam and the station first.</source>
        <translation>Choisissez d&apos;abord l&apos;examen et la station.</translation>
    </message>
    <message>
        <source>Choose the absent candidate first.</source>
        <translation>Choisissez d&apos;abord le candidat absent.</translation>
    </message>
    <message>
        <source>Give the reason for the no-show.</source>
        <translation>Indiquez le motif de l&apos;absence.</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Absence</translation>
    </message>
    <message>
        <source>Record candidate {0} as absent at this station? Reason: {1}</source>
        <translation>Enregistrer le candidat {0} comme absent à cette station ? Motif : {1}</translation>
    </message>
    <message>
        <source>Record absent</source>
        <translation>Enregistrer l&apos;absence</translation>
    </message>
    <message>
        <source>Candidate {0} recorded absent.</source>
        <translation>Candidat {0} enregistré absent.</translation>
    </message>
</context>
<context>
    <name>ChooseSkill</name>
    <message>
        <source>Practise a skill</source>
        <translation>S&apos;entraîner à une compétence</translation>
    </message>
    <message>
        <source>Choose a skill and press Start (Enter). CPR skills give live feedback from the manikin, or the rate alone from a camera; the others are self-assessed against the station&apos;s checklist.</source>
        <translation>Choisissez une compétence et appuyez sur Démarrer (Entrée). Les compétences de RCP donnent un retour en direct du mannequin, ou la fréquence seule par une caméra ; les autres s&apos;auto-évaluent avec la grille de la station.</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>&amp;Patient :</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>My &amp;attempts</source>
        <translation>Mes &amp;entraînements</translation>
    </message>
    <message>
        <source>Adult</source>
        <translation>Adulte</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Enfant</translation>
    </message>
    <message>
        <source>Infant</source>
        <translation>Nourrisson</translation>
    </message>
    <message>
        <source>&amp;Feedback from:</source>
        <translation>&amp;Retour de :</translation>
    </message>
    <message>
        <source>Manikin (depth, rate, recoil)</source>
        <translation>Mannequin (profondeur, fréquence, relâchement)</translation>
    </message>
    <message>
        <source>Camera (rate only)</source>
        <translation>Caméra (fréquence seulement)</translation>
    </message>
    <message>
        <source>&amp;Record a video of my attempt (my consent; only I and the coordinators see it)</source>
        <translation>&amp;Filmer ma tentative (avec mon consentement ; visible par moi et les coordinateurs seulement)</translation>
    </message>
    <message>
        <source>CPR with live feedback</source>
        <translation>RCP avec retour en direct</translation>
    </message>
    <message>
        <source>self-assessment</source>
        <translation>auto-évaluation</translation>
    </message>
    <message>
        <source>No camera is set: choose one in the settings.</source>
        <translation>Aucune caméra n&apos;est définie : choisissez-en une dans les paramètres.</translation>
    </message>
    <message>
        <source>The camera is measuring the rate: it cannot also record.</source>
        <translation>La caméra mesure la fréquence : elle ne peut pas filmer en même temps.</translation>
    </message>
    <message>
        <source>The video is kept with the attempt for your own review.</source>
        <translation>La vidéo est conservée avec la tentative pour que vous puissiez la revoir.</translation>
    </message>
    <message>
        <source>Feedback device: {0} · Camera: {1} (change them in the settings)</source>
        <translation>Appareil de retour : {0} · Caméra : {1} (modifiables dans les paramètres)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
</context>
<context>
    <name>CircuitTimeline</name>
    <message>
        <source>The circuit over time</source>
        <extracomment>Tick steps tried for the time axis, in minutes (the first that gives ≤ 8 ticks). (station key, start, end, status, examiner, candidate): what was drawn.</extracomment>
        <translation>Le circuit dans le temps</translation>
    </message>
    <message>
        <source>{0} encounters on {1} stations</source>
        <translation>{0} évaluations sur {1} stations</translation>
    </message>
    <message>
        <source>No encounter has started yet.</source>
        <translation>Aucune évaluation n&apos;a encore commencé.</translation>
    </message>
</context>
<context>
    <name>CommentBox</name>
    <message>
        <source>… typing</source>
        <translation>… saisie</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… enregistrement</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ enregistré</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ non enregistré</translation>
    </message>
</context>
<context>
    <name>CompressionChart</name>
    <message>
        <source>Depth and rate of each compression</source>
        <extracomment>What a feedback state looks like: on target, off target, act now, nothing yet.</extracomment>
        <translation>Profondeur et fréquence de chaque compression</translation>
    </message>
    <message>
        <source>Bars: depth (mm, left; solid = in the band, hatched = outside)  ● rate (/min, right; ○ = outside the band)</source>
        <translation>Barres : profondeur (mm, à gauche ; pleine = dans la zone, hachurée = hors zone)  ● fréquence (/min, à droite ; ○ = hors zone)</translation>
    </message>
    <message>
        <source>No compressions</source>
        <translation>Aucune compression</translation>
    </message>
    <message>
        <source>Compressions 1 to {0}</source>
        <translation>Compressions 1 à {0}</translation>
    </message>
</context>
<context>
    <name>Coordinator</name>
    <message>
        <source>Problems found</source>
        <extracomment>Controls people touch are at least this tall (touch-size, in device-independent px). Where a value to sort by is kept on table items.</extracomment>
        <translation>Problèmes trouvés</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
</context>
<context>
    <name>CoordinatorConsole</name>
    <message>
        <source>The coordinator&apos;s console is for coordinators; sign in as one.</source>
        <translation>La console du coordinateur est réservée aux coordinateurs ; connectez-vous en tant que tel.</translation>
    </message>
    <message>
        <source>&amp;Exam:</source>
        <translation>&amp;Examen :</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>E&amp;xams</source>
        <translation>E&amp;xamens</translation>
    </message>
    <message>
        <source>&amp;Progress</source>
        <translation>&amp;Avancement</translation>
    </message>
    <message>
        <source>Re&amp;sults</source>
        <translation>Ré&amp;sultats</translation>
    </message>
    <message>
        <source>S&amp;tandard &amp;&amp; statistics</source>
        <translation>Norme &amp;&amp; s&amp;tatistiques</translation>
    </message>
    <message>
        <source>Exp&amp;orts &amp;&amp; PDFs</source>
        <translation>Exp&amp;orts &amp;&amp; PDF</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Utilisateurs</translation>
    </message>
    <message>
        <source>Recor&amp;dings</source>
        <translation>Enre&amp;gistrements</translation>
    </message>
    <message>
        <source>No exam yet: create one under Exams.</source>
        <translation>Pas encore d&apos;examen : créez-en un sous Examens.</translation>
    </message>
    <message>
        <source>{0} candidates · {1} stations · {2} {3}</source>
        <translation>{0} candidats · {1} stations · {2} {3}</translation>
    </message>
</context>
<context>
    <name>CprPanel</name>
    <message>
        <source>Depth</source>
        <extracomment>The live summary changed (after a drain that brought samples). A compression, release, breath or hands-off alarm was detected.</extracomment>
        <translation>Profondeur</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Fréquence</translation>
    </message>
    <message>
        <source>Full recoil</source>
        <translation>Relâchement complet</translation>
    </message>
    <message>
        <source>CCF</source>
        <translation>FCT</translation>
    </message>
    <message>
        <source>Compressions</source>
        <translation>Compressions</translation>
    </message>
    <message>
        <source>Last compression</source>
        <translation>Dernière compression</translation>
    </message>
    <message>
        <source>{0} mm</source>
        <translation>{0} mm</translation>
    </message>
    <message>
        <source>✗ incomplete release</source>
        <translation>✗ relâchement incomplet</translation>
    </message>
    <message>
        <source>⚠ hands off {0} s</source>
        <translation>⚠ mains retirées {0} s</translation>
    </message>
    <message>
        <source>✓ good depth</source>
        <translation>✓ bonne profondeur</translation>
    </message>
    <message>
        <source>▲ too shallow</source>
        <translation>▲ trop superficiel</translation>
    </message>
    <message>
        <source>▼ too deep</source>
        <translation>▼ trop profond</translation>
    </message>
    <message>
        <source>{0} /min</source>
        <translation>{0} /min</translation>
    </message>
    <message>
        <source>Samples: {0}</source>
        <translation>Échantillons : {0}</translation>
    </message>
    <message>
        <source>{0} Device {1}: {2}</source>
        <translation>{0} Appareil {1} : {2}</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connexion</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>données reçues</translation>
    </message>
    <message>
        <source>disconnected — retrying</source>
        <translation>déconnecté — nouvel essai</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>reconnexion</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
</context>
<context>
    <name>Debrief</name>
    <message>
        <source>Checklist mark</source>
        <extracomment>Adult compression depth target, mm (AHA 2020 BLS; ERC 2021: 5–6 cm). The depth axis of the strip runs from 0 to this, mm. The event kinds in the order the legend and the filter list them.</extracomment>
        <translation>Cotation de la grille</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Appréciation globale</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Repère</translation>
    </message>
    <message>
        <source>Scenario event</source>
        <translation>Événement du scénario</translation>
    </message>
    <message>
        <source>Device alarm</source>
        <translation>Alarme de l&apos;appareil</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Soumis</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Frise chronologique</translation>
    </message>
    <message>
        <source>CPR depth (mm)</source>
        <translation>Profondeur RCP (mm)</translation>
    </message>
    <message>
        <source>No manikin trace was stored for this recording, so there is no depth to show. The examiner&apos;s station stores one when the CPR metrics are recorded (F7), the scenario console when the scenario ends, practice when the attempt ends.</source>
        <translation>Aucune trace du mannequin n&apos;a été enregistrée pour cet enregistrement : il n&apos;y a donc pas de profondeur à afficher. Le poste de l&apos;examinateur en enregistre une quand les mesures RCP sont enregistrées (F7), la console de scénario à la fin du scénario, l&apos;entraînement à la fin de la tentative.</translation>
    </message>
    <message>
        <source>Shaded: depth target {0}–{1} mm</source>
        <translation>Zone grisée : profondeur cible {0}–{1} mm</translation>
    </message>
</context>
<context>
    <name>DebriefPlayer</name>
    <message>
        <source>Go to the start (Home)</source>
        <extracomment>How often the player ticks while playing, ms (the display&apos;s pace, not the video&apos;s).</extracomment>
        <translation>Aller au début (Début)</translation>
    </message>
    <message>
        <source>Previous event (PgUp or [)</source>
        <translation>Événement précédent (PgPréc ou [)</translation>
    </message>
    <message>
        <source>5 seconds back (Shift+Left)</source>
        <translation>5 secondes en arrière (Maj+Gauche)</translation>
    </message>
    <message>
        <source>One frame back (Left or ,)</source>
        <translation>Une image en arrière (Gauche ou ,)</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Lecture ou pause (Espace)</translation>
    </message>
    <message>
        <source>One frame forward (Right or .)</source>
        <translation>Une image en avant (Droite ou .)</translation>
    </message>
    <message>
        <source>5 seconds forward (Shift+Right)</source>
        <translation>5 secondes en avant (Maj+Droite)</translation>
    </message>
    <message>
        <source>Next event (PgDown or ])</source>
        <translation>Événement suivant (PgSuiv ou ])</translation>
    </message>
    <message>
        <source>Go to the end (End)</source>
        <translation>Aller à la fin (Fin)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Playback speed (- and +)</source>
        <translation>Vitesse de lecture (- et +)</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Vitesse de lecture</translation>
    </message>
    <message>
        <source>Add &amp;marker (M)</source>
        <translation>Ajouter un &amp;repère (M)</translation>
    </message>
    <message>
        <source>Marker label (optional)</source>
        <translation>Libellé du repère (facultatif)</translation>
    </message>
    <message>
        <source>Marker label</source>
        <translation>Libellé du repère</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Tous les événements</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>Débriefing</translation>
    </message>
    <message>
        <source>Debrief — {0}</source>
        <translation>Débriefing — {0}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Opening the recording…</source>
        <translation>Ouverture de l&apos;enregistrement…</translation>
    </message>
    <message>
        <source>This recording holds no frames.</source>
        <translation>Cet enregistrement ne contient aucune image.</translation>
    </message>
    <message>
        <source>the retention period ended</source>
        <translation>la durée de conservation est écoulée</translation>
    </message>
    <message>
        <source>This recording was deleted on {0} ({1}); only its record is kept.</source>
        <translation>Cet enregistrement a été supprimé le {0} ({1}) ; seule sa fiche est conservée.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <source>Taken {0}</source>
        <translation>Filmé le {0}</translation>
    </message>
    <message>
        <source>Debrief marker</source>
        <translation>Repère de débriefing</translation>
    </message>
    <message>
        <source>Marker added at {0}: {1}</source>
        <translation>Repère ajouté à {0} : {1}</translation>
    </message>
</context>
<context>
    <name>DepthWaveform</name>
    <message>
        <source>Compression depth waveform</source>
        <extracomment>The summary values a checklist item may be judged from (assessments.metrics names). The waveform keeps at most one point per this many pixels of its width. Okabe–Ito colours (safe for colour-blind viewers); text always says the same thing. The points drawn: (device time, depth), None for a gap.</extracomment>
        <translation>Courbe de profondeur des compressions</translation>
    </message>
    <message>
        <source>target {0}–{1} mm</source>
        <translation>cible {0}–{1} mm</translation>
    </message>
</context>
<context>
    <name>EncounterPanel</name>
    <message>
        <source>Start (F5)</source>
        <extracomment>The timer&apos;s state is saved at least this often (seconds on the station clock). Below this height the encounter uses its compact layout (a smaller clock). What the missing box names in its line, and how many &quot;Go to&quot; buttons it shows: the rest is counted, so the box stays small and the checklist keeps its room. The CPR segment whose trace is being recorded (a device station, open).</extracomment>
        <translation>Démarrer (F5)</translation>
    </message>
    <message>
        <source>Skip reading (F6)</source>
        <translation>Passer la lecture (F6)</translation>
    </message>
    <message>
        <source>Pause (F8)</source>
        <translation>Pause (F8)</translation>
    </message>
    <message>
        <source>Why pause? (Enter to pause)</source>
        <translation>Pourquoi cette pause ? (Entrée pour mettre en pause)</translation>
    </message>
    <message>
        <source>Show score (F9)</source>
        <translation>Afficher le score (F9)</translation>
    </message>
    <message>
        <source>Submit incomplete</source>
        <translation>Soumettre incomplet</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>Soumettre (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Next candidate (Ctrl+N)</source>
        <translation>Candidat suivant (Ctrl+N)</translation>
    </message>
    <message>
        <source>Back to check-in</source>
        <translation>Retour à l&apos;accueil des candidats</translation>
    </message>
    <message>
        <source>Before the clock starts: choose another candidate (this one stays checked in)</source>
        <translation>Avant le démarrage du chronomètre : choisir un autre candidat (son arrivée reste enregistrée)</translation>
    </message>
    <message>
        <source>Record CPR metrics (F7)</source>
        <translation>Enregistrer les mesures RCP (F7)</translation>
    </message>
    <message>
        <source>New CPR segment</source>
        <translation>Nouvelle séquence RCP</translation>
    </message>
    <message>
        <source>Candidate {0} · {1}</source>
        <translation>Candidat {0} · {1}</translation>
    </message>
    <message>
        <source>The saved station clock could not be restored ({0}); start it again.</source>
        <translation>L&apos;horloge enregistrée de la station n&apos;a pas pu être restaurée ({0}) ; redémarrez-la.</translation>
    </message>
    <message>
        <source>Good structure.</source>
        <translation>Bonne structure.</translation>
    </message>
    <message>
        <source>Clear explanation.</source>
        <translation>Explication claire.</translation>
    </message>
    <message>
        <source>Check identity first.</source>
        <translation>Vérifier d&apos;abord l&apos;identité.</translation>
    </message>
    <message>
        <source>Feedback for the candidate</source>
        <translation>Retour pour le candidat</translation>
    </message>
    <message>
        <source>Private notes (not shown to the candidate)</source>
        <translation>Notes privées (non montrées au candidat)</translation>
    </message>
    <message>
        <source>Candidate unwell.</source>
        <translation>Candidat souffrant.</translation>
    </message>
    <message>
        <source>Equipment problem.</source>
        <translation>Problème de matériel.</translation>
    </message>
    <message>
        <source>Discuss with the coordinator.</source>
        <translation>À discuter avec le coordinateur.</translation>
    </message>
    <message>
        <source>The CPR metrics could not be stored ({0}); press F7 to try again. The trace is kept in {1}.</source>
        <translation>Les mesures RCP n&apos;ont pas pu être enregistrées ({0}) ; appuyez sur F7 pour réessayer. La trace est conservée dans {1}.</translation>
    </message>
    <message>
        <source>A CPR trace that could not be stored is kept in {0}.</source>
        <translation>Une trace RCP qui n&apos;a pas pu être enregistrée est conservée dans {0}.</translation>
    </message>
    <message>
        <source>Submit candidate {0}&apos;s encounter with {1} missing? Items not marked count as not done, and a submitted encounter can only be changed by a coordinator&apos;s amendment.</source>
        <translation>Envoyer l&apos;évaluation du candidat {0} avec {1} manquant(s) ? Les items non notés comptent comme non faits, et une évaluation envoyée ne se change que par une modification d&apos;un coordinateur.</translation>
    </message>
    <message>
        <source>Resume (F8)</source>
        <translation>Reprendre (F8)</translation>
    </message>
    <message>
        <source>CPR (F10)</source>
        <translation>RCP (F10)</translation>
    </message>
    <message>
        <source>Show or fold away the live CPR panel (F10)</source>
        <translation>Afficher ou replier le panneau RCP en direct (F10)</translation>
    </message>
    <message>
        <source>The bell could not sound ({0}).</source>
        <translation>La sonnerie n&apos;a pas pu retentir ({0}).</translation>
    </message>
    <message>
        <source>No compressions yet: nothing to record from the manikin.</source>
        <translation>Pas encore de compressions : rien à enregistrer depuis le mannequin.</translation>
    </message>
    <message>
        <source>CPR metrics recorded ({0} compressions).</source>
        <translation>Mesures RCP enregistrées ({0} compressions).</translation>
    </message>
    <message>
        <source>Hide score (F9)</source>
        <translation>Masquer le score (F9)</translation>
    </message>
    <message>
        <source>Score so far: {0} of {1} ({2})</source>
        <translation>Score actuel : {0} sur {1} ({2})</translation>
    </message>
    <message>
        <source>Global rating</source>
        <translation>Appréciation globale</translation>
    </message>
    <message>
        <source>global rating</source>
        <translation>appréciation globale</translation>
    </message>
    <message>
        <source>and {0} more</source>
        <translation>et {0} de plus</translation>
    </message>
    <message>
        <source>Not complete. Missing: {0}</source>
        <translation>Incomplet. Manque : {0}</translation>
    </message>
    <message>
        <source>Go to: {0}</source>
        <translation>Aller à : {0}</translation>
    </message>
    <message>
        <source>✓ Submitted for candidate {0}.</source>
        <translation>✓ Soumis pour le candidat {0}.</translation>
    </message>
    <message>
        <source>(submitted incomplete)</source>
        <translation>(soumis incomplet)</translation>
    </message>
    <message>
        <source>Score: {0}</source>
        <translation>Score : {0}</translation>
    </message>
    <message>
        <source>Outcome: {0}</source>
        <translation>Résultat : {0}</translation>
    </message>
    <message>
        <source>This encounter is submitted and locked.</source>
        <translation>Ce passage est soumis et verrouillé.</translation>
    </message>
    <message>
        <source>Press Start (F5) when the candidate enters: marking opens then.</source>
        <translation>Appuyez sur Démarrer (F5) quand le candidat entre : la notation s&apos;ouvre alors.</translation>
    </message>
    <message>
        <source>Keys on an item: D done, P partially, N not done, 1-9 rating, Delete clears, O override, Up/Down move.</source>
        <translation>Touches sur un item : D fait, P partiellement, N non fait, 1-9 note, Suppr efface, O correction, Haut/Bas pour se déplacer.</translation>
    </message>
</context>
<context>
    <name>ExaminerClock</name>
    <message>
        <source>❚❚ Paused</source>
        <extracomment>The time&apos;s size in points: normal, and compact for a short window (1024×700).</extracomment>
        <translation>❚❚ En pause</translation>
    </message>
    <message>
        <source>○ Not started</source>
        <translation>○ Pas commencé</translation>
    </message>
    <message>
        <source>◔ Reading time</source>
        <translation>◔ Temps de lecture</translation>
    </message>
    <message>
        <source>▶ Running</source>
        <translation>▶ En cours</translation>
    </message>
    <message>
        <source>▲ Warning: time almost up</source>
        <translation>▲ Attention : temps presque écoulé</translation>
    </message>
    <message>
        <source>■ Ended</source>
        <translation>■ Terminé</translation>
    </message>
    <message>
        <source>■ Ended: changeover</source>
        <translation>■ Terminé : changement</translation>
    </message>
    <message>
        <source>(overtime)</source>
        <translation>(dépassement)</translation>
    </message>
</context>
<context>
    <name>ExaminerStation</name>
    <message>
        <source>The device URL is not valid: {0}</source>
        <translation>L&apos;URL de l&apos;appareil n&apos;est pas valide : {0}</translation>
    </message>
    <message>
        <source>Resumed the unsubmitted encounter with candidate {0}.</source>
        <translation>Reprise du passage non soumis du candidat {0}.</translation>
    </message>
</context>
<context>
    <name>ExaminerWorkspace</name>
    <message>
        <source>Examiner&apos;s station</source>
        <translation>Poste de l’examinateur</translation>
    </message>
    <message>
        <source>Scenario console</source>
        <translation>Console de scénario</translation>
    </message>
    <message>
        <source>Switch tabs with Ctrl+PgDown and Ctrl+PgUp</source>
        <translation>Changez d’onglet avec Ctrl+PgSuiv et Ctrl+PgPréc</translation>
    </message>
</context>
<context>
    <name>ExamsPanel</name>
    <message>
        <source>Station definitions</source>
        <extracomment>Item data: what create_exam is given for a station (a key or a DefinitionRef). An exam was created (its code), so the console selects it once reloaded.</extracomment>
        <translation>Définitions de station</translation>
    </message>
    <message>
        <source>Definition file to import</source>
        <translation>Fichier de définition à importer</translation>
    </message>
    <message>
        <source>Station definitions (*.yaml *.yml)</source>
        <translation>Définitions de station (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>&amp;Import definition</source>
        <translation>&amp;Importer la définition</translation>
    </message>
    <message>
        <source>Import a YAML definition (it is checked first):</source>
        <translation>Importer une définition YAML (elle est d&apos;abord vérifiée) :</translation>
    </message>
    <message>
        <source>New exam</source>
        <translation>Nouvel examen</translation>
    </message>
    <message>
        <source>by the standard set later</source>
        <translation>selon la norme fixée plus tard</translation>
    </message>
    <message>
        <source>Stations, in circuit order</source>
        <translation>Stations, dans l&apos;ordre du circuit</translation>
    </message>
    <message>
        <source>&amp;Create exam</source>
        <translation>&amp;Créer l&apos;examen</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code :</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titre :</translation>
    </message>
    <message>
        <source>Starts at:</source>
        <translation>Début :</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <source>Pass mark:</source>
        <translation>Note de passage :</translation>
    </message>
    <message>
        <source>Stations (tick; circuit order):</source>
        <translation>Stations (à cocher ; ordre du circuit) :</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Aucun examen choisi.</translation>
    </message>
    <message>
        <source>Stations and examiners</source>
        <translation>Stations et examinateurs</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Examiners</source>
        <translation>Examinateurs</translation>
    </message>
    <message>
        <source>Station to staff</source>
        <translation>Station à pourvoir</translation>
    </message>
    <message>
        <source>Examiner to assign</source>
        <translation>Examinateur à affecter</translation>
    </message>
    <message>
        <source>Candidate roster</source>
        <translation>Liste des candidats</translation>
    </message>
    <message>
        <source>Roster CSV file</source>
        <translation>Fichier CSV des candidats</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Import &amp;roster</source>
        <translation>Importer la &amp;liste</translation>
    </message>
    <message>
        <source>Columns: candidate_id, family_name, given_name; email, group optional.</source>
        <translation>Colonnes : candidate_id, family_name, given_name ; email, group facultatives.</translation>
    </message>
    <message>
        <source>Rotation timetable</source>
        <translation>Horaire de rotation</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>Créneau</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Open exam</source>
        <translation>Ouvrir l&apos;examen</translation>
    </message>
    <message>
        <source>Close exam</source>
        <translation>Clôturer l&apos;examen</translation>
    </message>
    <message>
        <source>Assi&amp;gn examiner</source>
        <translation>Affecter l&apos;exa&amp;minateur</translation>
    </message>
    <message>
        <source>Plan the ti&amp;metable</source>
        <translation>Planifier l&apos;&amp;horaire</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Cycle</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Heure (UTC)</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Candidat</translation>
    </message>
    <message>
        <source>{0} (bundled)</source>
        <translation>{0} (fournie)</translation>
    </message>
    <message>
        <source>{0} candidates</source>
        <translation>{0} candidats</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucune pour l&apos;instant</translation>
    </message>
    <message>
        <source>rest</source>
        <translation>pause</translation>
    </message>
    <message>
        <source>Choose a definition file first.</source>
        <translation>Choisissez d&apos;abord un fichier de définition.</translation>
    </message>
    <message>
        <source>Imported {0} v{1}.</source>
        <translation>{0} v{1} importée.</translation>
    </message>
    <message>
        <source>{0} v{1} was already stored.</source>
        <translation>{0} v{1} était déjà enregistrée.</translation>
    </message>
    <message>
        <source>Give the exam a code.</source>
        <translation>Donnez un code à l&apos;examen.</translation>
    </message>
    <message>
        <source>Give the exam a title.</source>
        <translation>Donnez un titre à l&apos;examen.</translation>
    </message>
    <message>
        <source>Tick at least one station.</source>
        <translation>Cochez au moins une station.</translation>
    </message>
    <message>
        <source>Exam {0} created.</source>
        <translation>Examen {0} créé.</translation>
    </message>
    <message>
        <source>Choose a station and an examiner first.</source>
        <translation>Choisissez d&apos;abord une station et un examinateur.</translation>
    </message>
    <message>
        <source>{0} assigned to {1}.</source>
        <translation>{0} affecté à {1}.</translation>
    </message>
    <message>
        <source>Choose a roster CSV file first.</source>
        <translation>Choisissez d&apos;abord un fichier CSV de candidats.</translation>
    </message>
    <message>
        <source>{0} rows: {1} entered for this exam ({2} new candidates), {3} already.</source>
        <translation>{0} lignes : {1} inscrites à cet examen ({2} nouveaux candidats), {3} déjà présentes.</translation>
    </message>
    <message>
        <source>Nothing was imported: {0} problem(s). Correct the file and import again.</source>
        <translation>Rien n&apos;a été importé : {0} problème(s). Corrigez le fichier et importez-le à nouveau.</translation>
    </message>
    <message>
        <source>Timetable planned for {0}.</source>
        <translation>Horaire planifié pour {0}.</translation>
    </message>
</context>
<context>
    <name>ExportsPanel</name>
    <message>
        <source>Where and how</source>
        <translation>Où et comment</translation>
    </message>
    <message>
        <source>Folder to write into</source>
        <translation>Dossier de destination</translation>
    </message>
    <message>
        <source>Candidate reports before the release (each page marked draft)</source>
        <translation>Rapports des candidats avant publication (chaque page marquée brouillon)</translation>
    </message>
    <message>
        <source>xAPI home page</source>
        <translation>Page d&apos;accueil xAPI</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Dossier :</translation>
    </message>
    <message>
        <source>xAPI &amp;home page:</source>
        <translation>&amp;Page d&apos;accueil xAPI :</translation>
    </message>
    <message>
        <source>Results CSV</source>
        <translation>Résultats (CSV)</translation>
    </message>
    <message>
        <source>Item marks CSV</source>
        <translation>Notes par item (CSV)</translation>
    </message>
    <message>
        <source>Results workbook (XLSX)</source>
        <translation>Classeur des résultats (XLSX)</translation>
    </message>
    <message>
        <source>xAPI statements (JSON)</source>
        <translation>Déclarations xAPI (JSON)</translation>
    </message>
    <message>
        <source>Candidate reports (zip of PDFs)</source>
        <translation>Rapports des candidats (zip de PDF)</translation>
    </message>
    <message>
        <source>Exam report (PDF)</source>
        <translation>Rapport de l&apos;examen (PDF)</translation>
    </message>
    <message>
        <source>Candidate reports (folder of PDFs)</source>
        <translation>Rapports des candidats (dossier de PDF)</translation>
    </message>
    <message>
        <source>Candidate badges (PDF)</source>
        <translation>Badges des candidats (PDF)</translation>
    </message>
    <message>
        <source>Blank checklists (PDF)</source>
        <translation>Grilles vierges (PDF)</translation>
    </message>
    <message>
        <source>Timetable (PDF)</source>
        <translation>Horaire (PDF)</translation>
    </message>
    <message>
        <source>Each runs in the background; the station stays usable meanwhile.</source>
        <translation>Chacun s&apos;exécute en arrière-plan ; la station reste utilisable pendant ce temps.</translation>
    </message>
    <message>
        <source>{0}: cannot create the folder ({1}); choose another.</source>
        <translation>{0} : impossible de créer le dossier ({1}) ; choisissez-en un autre.</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>Welcome: this station is ready to try</source>
        <translation>Bienvenue : cette station est prête à l&apos;essai</translation>
    </message>
    <message>
        <source>A practice exam {exam} with demonstration candidates and a simulated manikin is set up. These accounts were created; their secrets are shown only now:</source>
        <translation>Un examen d&apos;entraînement {exam} avec des candidats de démonstration et un mannequin simulé est prêt. Ces comptes ont été créés ; leurs secrets ne sont affichés que maintenant :</translation>
    </message>
    <message>
        <source>Coordinator: username {user}, password {secret}</source>
        <translation>Coordinateur : identifiant {user}, mot de passe {secret}</translation>
    </message>
    <message>
        <source>Examiner: username {user}, PIN {secret}</source>
        <translation>Examinateur : identifiant {user}, code PIN {secret}</translation>
    </message>
    <message>
        <source>Write them down now: they leave this screen at the first sign-in. Change them (the PIN… or Password… button at the top once signed in), or add your own accounts and deactivate these, before a real exam. A forgotten PIN or password is reset by a coordinator (Users, then Reset PIN…).</source>
        <translation>Notez-les maintenant : ils quittent cet écran à la première connexion. Changez-les (le bouton PIN… ou Mot de passe… en haut une fois connecté), ou ajoutez vos propres comptes et désactivez ceux-ci, avant un vrai examen. Un code PIN ou un mot de passe oublié est réinitialisé par un coordinateur (Utilisateurs, puis Nouveau PIN…).</translation>
    </message>
    <message>
        <source>I have noted them</source>
        <translation>Je les ai notés</translation>
    </message>
</context>
<context>
    <name>FrameReader</name>
    <message>
        <source>{0} is missing: this part of the recording cannot be shown.</source>
        <translation>{0} est manquant : cette partie de l&apos;enregistrement ne peut pas être affichée.</translation>
    </message>
    <message>
        <source>{0} cannot be opened: the file is damaged.</source>
        <translation>Impossible d&apos;ouvrir {0} : le fichier est endommagé.</translation>
    </message>
    <message>
        <source>Frame {0} is not in the recording.</source>
        <translation>L&apos;image {0} n&apos;est pas dans l&apos;enregistrement.</translation>
    </message>
    <message>
        <source>Frame {0} of {1} cannot be read: the file is damaged or cut short.</source>
        <translation>Impossible de lire l&apos;image {0} de {1} : le fichier est endommagé ou tronqué.</translation>
    </message>
    <message>
        <source>Frame {0} cannot be decoded: {1}</source>
        <translation>Impossible de décoder l&apos;image {0} : {1}</translation>
    </message>
</context>
<context>
    <name>GradeRow</name>
    <message>
        <source>Global rating</source>
        <translation>Appréciation globale</translation>
    </message>
    <message>
        <source>○ not given</source>
        <translation>○ non donnée</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… enregistrement</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ enregistré</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ non enregistré</translation>
    </message>
    <message>
        <source>! missing</source>
        <translation>! manquant</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>My practice attempts</source>
        <translation>Mes entraînements</translation>
    </message>
    <message>
        <source>Save practice report (&amp;PDF)</source>
        <translation>Enregistrer le rapport d&apos;entraînement (&amp;PDF)</translation>
    </message>
    <message>
        <source>&amp;Watch the recording</source>
        <translation>&amp;Voir l&apos;enregistrement</translation>
    </message>
    <message>
        <source>&amp;Back to the skills</source>
        <translation>&amp;Retour aux compétences</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Skill</source>
        <translation>Compétence</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>abandonné</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>! Critical</source>
        <extracomment>The examiner chose a value (None: cleared). The examiner overrides a device-scored item: (item id, value, reason). Move the focus by this many rows.</extracomment>
        <translation>! Critique</translation>
    </message>
    <message>
        <source>A critical item: missing it fails the station</source>
        <translation>Item critique : le manquer fait échouer la station</translation>
    </message>
    <message>
        <source>Within {0} s</source>
        <translation>En moins de {0} s</translation>
    </message>
    <message>
        <source>Scored by the device: {0}</source>
        <translation>Évalué par l&apos;appareil : {0}</translation>
    </message>
    <message>
        <source>✓ Done now (D)</source>
        <translation>✓ Fait maintenant (D)</translation>
    </message>
    <message>
        <source>✓ Done (D)</source>
        <translation>✓ Fait (D)</translation>
    </message>
    <message>
        <source>◐ Partially (P)</source>
        <translation>◐ Partiellement (P)</translation>
    </message>
    <message>
        <source>✗ Not done (N)</source>
        <translation>✗ Non fait (N)</translation>
    </message>
    <message>
        <source>Override… (O)</source>
        <translation>Corriger… (O)</translation>
    </message>
    <message>
        <source>✓ Done</source>
        <translation>✓ Fait</translation>
    </message>
    <message>
        <source>✗ Not done</source>
        <translation>✗ Non fait</translation>
    </message>
    <message>
        <source>Reason for the override (required)</source>
        <translation>Motif de la correction (obligatoire)</translation>
    </message>
    <message>
        <source>Apply override</source>
        <translation>Appliquer la correction</translation>
    </message>
    <message>
        <source>Choose done or not done</source>
        <translation>Choisissez fait ou non fait</translation>
    </message>
    <message>
        <source>Give a reason</source>
        <translation>Indiquez un motif</translation>
    </message>
    <message>
        <source>✓ done</source>
        <translation>✓ fait</translation>
    </message>
    <message>
        <source>◐ partially</source>
        <translation>◐ partiellement</translation>
    </message>
    <message>
        <source>✗ not done</source>
        <translation>✗ non fait</translation>
    </message>
    <message>
        <source>rated {0}</source>
        <translation>noté {0}</translation>
    </message>
    <message>
        <source>override</source>
        <translation>correction</translation>
    </message>
    <message>
        <source>device</source>
        <translation>appareil</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>à {0}</translation>
    </message>
    <message>
        <source>○ not marked</source>
        <translation>○ non noté</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… enregistrement</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ enregistré</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ non enregistré</translation>
    </message>
    <message>
        <source>! missing</source>
        <translation>! manquant</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel</source>
        <extracomment>The file each job writes, by job name ({code}: the exam code); a folder for &quot;reports&quot;.</extracomment>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ouvrir le dossier</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Written: {0}</source>
        <translation>Écrit : {0}</translation>
    </message>
    <message>
        <source>Cancelled; no partial file was left.</source>
        <translation>Annulé ; aucun fichier partiel n&apos;a été laissé.</translation>
    </message>
</context>
<context>
    <name>LivePractice</name>
    <message>
        <source>Depth</source>
        <extracomment>The display timer&apos;s interval: about 33 frames a second, so that late frames still keep above 30 a second. Rate shown on the dial: the mean of the last few compressions&apos; rates. Where the feedback comes from: the manikin&apos;s sensor, or a camera (rate only). The camera preview&apos;s size on the page, in pixels (4:3). The trainee asked to finish (F10) or to abandon (Escape) the attempt. The running session&apos;s trace, recorded beside the panel (a manikin session).</extracomment>
        <translation>Profondeur</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Fréquence</translation>
    </message>
    <message>
        <source>Recoil (release)</source>
        <translation>Relâchement</translation>
    </message>
    <message>
        <source>Hands off</source>
        <translation>Mains retirées</translation>
    </message>
    <message>
        <source>Metronome at 110 /min (M)</source>
        <translation>Métronome à 110 /min (M)</translation>
    </message>
    <message>
        <source>Finish and score (F10)</source>
        <translation>Terminer et noter (F10)</translation>
    </message>
    <message>
        <source>Abandon (Esc)</source>
        <translation>Abandonner (Échap)</translation>
    </message>
    <message>
        <source>{0} — {1} targets: {2}–{3} mm, {4}–{5} /min</source>
        <translation>{0} — cibles {1} : {2}–{3} mm, {4}–{5} /min</translation>
    </message>
    <message>
        <source>Push hard: {0}–{1} mm</source>
        <translation>Appuyez fort : {0}–{1} mm</translation>
    </message>
    <message>
        <source>▼ Too shallow: push deeper</source>
        <translation>▼ Trop superficiel : appuyez plus fort</translation>
    </message>
    <message>
        <source>▲ Too deep: ease off</source>
        <translation>▲ Trop profond : appuyez moins</translation>
    </message>
    <message>
        <source>✓ Good depth</source>
        <translation>✓ Bonne profondeur</translation>
    </message>
    <message>
        <source>Aim for {0}–{1} /min</source>
        <translation>Visez {0}–{1} /min</translation>
    </message>
    <message>
        <source>{0} /min</source>
        <translation>{0} /min</translation>
    </message>
    <message>
        <source>Finish (F10)</source>
        <translation>Terminer (F10)</translation>
    </message>
    <message>
        <source>Rate from the camera. Depth and recoil need a manikin. Keep the camera still, with the rescuer&apos;s arms and shoulders in view from the side; the rate shows after about 5 s of compressions.</source>
        <translation>Fréquence mesurée par la caméra. La profondeur et le relâchement nécessitent un mannequin. Gardez la caméra immobile, avec les bras et les épaules du sauveteur visibles de côté ; la fréquence s&apos;affiche après environ 5 s de compressions.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Pas d&apos;image</translation>
    </message>
    <message>
        <source>Needs a manikin</source>
        <translation>Nécessite un mannequin</translation>
    </message>
    <message>
        <source>Waiting for the camera</source>
        <translation>En attente de la caméra</translation>
    </message>
    <message>
        <source>Looking for the compressions…</source>
        <translation>Recherche des compressions…</translation>
    </message>
    <message>
        <source>No compressions seen</source>
        <translation>Aucune compression détectée</translation>
    </message>
    <message>
        <source>No steady rhythm seen</source>
        <translation>Aucun rythme régulier détecté</translation>
    </message>
    <message>
        <source>▼ Too slow: speed up</source>
        <translation>▼ Trop lent : accélérez</translation>
    </message>
    <message>
        <source>▲ Too fast: slow down</source>
        <translation>▲ Trop rapide : ralentissez</translation>
    </message>
    <message>
        <source>✓ Good rate</source>
        <translation>✓ Bonne fréquence</translation>
    </message>
    <message>
        <source>Let the chest come all the way up</source>
        <translation>Laissez la poitrine remonter complètement</translation>
    </message>
    <message>
        <source>✓ Full release</source>
        <translation>✓ Relâchement complet</translation>
    </message>
    <message>
        <source>✗ Leaning: release fully</source>
        <translation>✗ Appui résiduel : relâchez complètement</translation>
    </message>
    <message>
        <source>Starts with the first compression</source>
        <translation>Démarre à la première compression</translation>
    </message>
    <message>
        <source>✓ Hands on</source>
        <translation>✓ Mains en place</translation>
    </message>
    <message>
        <source>▲ Hands off: keep pauses under {0} s</source>
        <translation>▲ Mains retirées : pauses de moins de {0} s</translation>
    </message>
    <message>
        <source>✖ Resume compressions now</source>
        <translation>✖ Reprenez les compressions maintenant</translation>
    </message>
    <message>
        <source>○ No camera</source>
        <translation>○ Aucune caméra</translation>
    </message>
    <message>
        <source>● Camera: {0} — rate only</source>
        <translation>● Caméra : {0} — fréquence seulement</translation>
    </message>
    <message>
        <source>◌ Opening the camera {0}…</source>
        <translation>◌ Ouverture de la caméra {0}…</translation>
    </message>
    <message>
        <source>■ The video has ended: finish the attempt (F10)</source>
        <translation>■ La vidéo est terminée : terminez la tentative (F10)</translation>
    </message>
    <message>
        <source>✖ The camera could not be opened: check the settings</source>
        <translation>✖ Impossible d&apos;ouvrir la caméra : vérifiez les paramètres</translation>
    </message>
    <message>
        <source>✖ The camera stopped: check its cable, then start again</source>
        <translation>✖ La caméra s&apos;est arrêtée : vérifiez son câble, puis recommencez</translation>
    </message>
    <message>
        <source>○ No device</source>
        <translation>○ Aucun appareil</translation>
    </message>
    <message>
        <source>● Device connected: {0}</source>
        <translation>● Appareil connecté : {0}</translation>
    </message>
    <message>
        <source>◌ Connecting to the device {0}…</source>
        <translation>◌ Connexion à l&apos;appareil {0}…</translation>
    </message>
    <message>
        <source>✖ Device disconnected — reconnecting; feedback resumes when it is back</source>
        <translation>✖ Appareil déconnecté — reconnexion ; les indications reprennent dès son retour</translation>
    </message>
    <message>
        <source>adult</source>
        <translation>adulte</translation>
    </message>
    <message>
        <source>child</source>
        <translation>enfant</translation>
    </message>
    <message>
        <source>infant</source>
        <translation>nourrisson</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <source>Station locked</source>
        <translation>Station verrouillée</translation>
    </message>
    <message>
        <source>Locked after a period without use. Everything underneath is kept as it was; {user} unlocks with their password or PIN.</source>
        <translation>Verrouillée après une période d&apos;inactivité. Tout ce qui se trouve dessous est conservé tel quel ; {user} déverrouille avec son mot de passe ou son code PIN.</translation>
    </message>
    <message>
        <source>Locked by {user}. Everything underneath is kept as it was; {user} unlocks with their password or PIN.</source>
        <translation>Verrouillée par {user}. Tout ce qui est dessous reste tel quel ; {user} déverrouille avec son mot de passe ou son code PIN.</translation>
    </message>
    <message>
        <source>Sign out {user} and sign in as someone else</source>
        <translation>Déconnecter {user} et se connecter sous un autre nom</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <source>&amp;Password or PIN</source>
        <translation>&amp;Mot de passe ou code PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Type your username and your password or PIN.</source>
        <translation>Tapez votre identifiant et votre mot de passe ou code PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts: this account is locked for %n minute(s). Wait, or ask a coordinator to unlock it.</source>
        <translation>
            <numerusform>Trop d&apos;échecs : ce compte est verrouillé pendant %n minute. Patientez ou demandez à un coordinateur de le déverrouiller.</numerusform>
            <numerusform>Trop d&apos;échecs : ce compte est verrouillé pendant %n minutes. Patientez ou demandez à un coordinateur de le déverrouiller.</numerusform>
        </translation>
    </message>
    <message>
        <source>This account is deactivated; ask a coordinator to reactivate it.</source>
        <translation>Ce compte est désactivé ; demandez à un coordinateur de le réactiver.</translation>
    </message>
    <message>
        <source>Wrong username or password/PIN. Check both and try again.</source>
        <translation>Identifiant ou mot de passe/code PIN erroné. Vérifiez les deux et réessayez.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Sign in with your account: coordinators, examiners and trainees.</source>
        <translation>Connectez-vous avec votre compte : coordinateurs, examinateurs et apprenants.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SkillStation</source>
        <translation>SkillStation</translation>
    </message>
    <message>
        <source>The language could not be saved: {0}</source>
        <translation>La langue n&apos;a pas pu être enregistrée : {0}</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Sign out {user}? Every mark made is saved; an encounter in progress stays a draft and resumes when you sign in again.</source>
        <translation>Déconnecter {user} ? Chaque note donnée est enregistrée ; une évaluation en cours reste un brouillon et reprend à votre prochaine connexion.</translation>
    </message>
</context>
<context>
    <name>MarkWords</name>
    <message>
        <source>✓ Done</source>
        <translation>✓ Fait</translation>
    </message>
    <message>
        <source>◐ Partly</source>
        <translation>◐ En partie</translation>
    </message>
    <message>
        <source>✗ Not done</source>
        <translation>✗ Non fait</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <extracomment>How long an info message stays before it clears itself, in milliseconds (warnings and errors stay until dismissed). The line&apos;s fixed height: one line of text beside a touch-sized dismiss button.</extracomment>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <source>Patient monitor</source>
        <translation>Moniteur patient</translation>
    </message>
</context>
<context>
    <name>OperatorView</name>
    <message>
        <source>{0} — candidate {1}</source>
        <translation>{0} — candidat {1}</translation>
    </message>
    <message>
        <source>Start scenario (Ctrl+Enter)</source>
        <translation>Démarrer le scénario (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Pause (Ctrl+P)</source>
        <translation>Pause (Ctrl+P)</translation>
    </message>
    <message>
        <source>End scenario (Ctrl+E)</source>
        <translation>Terminer le scénario (Ctrl+E)</translation>
    </message>
    <message>
        <source>Monitor window (Ctrl+M)</source>
        <translation>Fenêtre du moniteur (Ctrl+M)</translation>
    </message>
    <message>
        <source>Next candidate (Ctrl+N)</source>
        <translation>Candidat suivant (Ctrl+N)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Event · when</source>
        <translation>Événement · quand</translation>
    </message>
    <message>
        <source>Fire selected now (Ctrl+Shift+F)</source>
        <translation>Déclencher maintenant (Ctrl+Maj+F)</translation>
    </message>
    <message>
        <source>Fire the selected timeline event now</source>
        <translation>Déclencher maintenant l’événement choisi de la chronologie</translation>
    </message>
    <message>
        <source>Operator&apos;s events</source>
        <translation>Événements de l&apos;opérateur</translation>
    </message>
    <message>
        <source>Alt+{0}</source>
        <translation>Alt+{0}</translation>
    </message>
    <message>
        <source>This scenario has none.</source>
        <translation>Ce scénario n&apos;en a pas.</translation>
    </message>
    <message>
        <source>Note for the debrief, then Enter (Ctrl+T)</source>
        <translation>Note pour le débriefing, puis Entrée (Ctrl+T)</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Ajouter une note</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <source>Manikin</source>
        <translation>Mannequin</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Journal des événements</translation>
    </message>
    <message>
        <source>by the operator</source>
        <translation>par l&apos;opérateur</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>à {0}</translation>
    </message>
    <message>
        <source>{0} s after {1}</source>
        <translation>{0} s après {1}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>non fait</translation>
    </message>
    <message>
        <source>if {0} {1}</source>
        <translation>si {0} {1}</translation>
    </message>
    <message>
        <source>if {0}</source>
        <translation>si {0}</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Déclenché</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Non déclenché</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Resume (Ctrl+P)</source>
        <translation>Reprendre (Ctrl+P)</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Pas commencé</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>EN PAUSE</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>({0} left)</source>
        <translation>({0} restantes)</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>non enregistré</translation>
    </message>
</context>
<context>
    <name>PatientMonitor</name>
    <message>
        <source>HR</source>
        <translation>FC</translation>
    </message>
    <message>
        <source>SpO₂</source>
        <translation>SpO₂</translation>
    </message>
    <message>
        <source>BP</source>
        <translation>PA</translation>
    </message>
    <message>
        <source>RR</source>
        <translation>FR</translation>
    </message>
    <message>
        <source>EtCO₂</source>
        <translation>EtCO₂</translation>
    </message>
    <message>
        <source>Temp</source>
        <translation>Temp.</translation>
    </message>
    <message>
        <source>Rhythm</source>
        <translation>Rythme</translation>
    </message>
</context>
<context>
    <name>PracticeStation</name>
    <message>
        <source>No camera is set: choose one in the settings.</source>
        <translation>Aucune caméra n&apos;est définie : choisissez-en une dans les paramètres.</translation>
    </message>
    <message>
        <source>The camera URL is not valid: {0}</source>
        <translation>L&apos;URL de la caméra n&apos;est pas valide : {0}</translation>
    </message>
    <message>
        <source>No feedback device is set: choose one in the settings.</source>
        <translation>Aucun appareil de retour n&apos;est défini : choisissez-en un dans les paramètres.</translation>
    </message>
    <message>
        <source>The device URL is not valid: {0}</source>
        <translation>L&apos;URL de l&apos;appareil n&apos;est pas valide : {0}</translation>
    </message>
    <message>
        <source>The attempt could not be stored ({0}); press Finish to try again, or Abandon. Its trace is kept in {1}.</source>
        <translation>L&apos;entraînement n&apos;a pas pu être enregistré ({0}) ; appuyez sur Terminer pour réessayer, ou sur Abandonner. Sa trace est conservée dans {1}.</translation>
    </message>
    <message>
        <source>The attempt was abandoned.</source>
        <translation>L&apos;entraînement a été abandonné.</translation>
    </message>
    <message>
        <source>The attempt is not being recorded: {0}</source>
        <translation>La tentative n&apos;est pas filmée : {0}</translation>
    </message>
    <message>
        <source>The video of the attempt was saved ({0} frames).</source>
        <translation>La vidéo de la tentative a été enregistrée ({0} images).</translation>
    </message>
    <message>
        <source>◌ Starting the camera to record…</source>
        <translation>◌ Démarrage de la caméra pour filmer…</translation>
    </message>
    <message>
        <source>● Recording {0}</source>
        <translation>● Enregistrement {0}</translation>
    </message>
    <message>
        <source>{0} frames dropped</source>
        <translation>{0} images perdues</translation>
    </message>
    <message>
        <source>■ Saving the video…</source>
        <translation>■ Enregistrement de la vidéo…</translation>
    </message>
    <message>
        <source>✖ The recording stopped: {0}</source>
        <translation>✖ L&apos;enregistrement s&apos;est arrêté : {0}</translation>
    </message>
    <message>
        <source>Save practice report</source>
        <translation>Enregistrer le rapport d&apos;entraînement</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Practice report saved to {0}.</source>
        <translation>Rapport d&apos;entraînement enregistré dans {0}.</translation>
    </message>
</context>
<context>
    <name>PreCheckPanel</name>
    <message>
        <source>Pre-exam check</source>
        <translation>Vérification avant l&apos;examen</translation>
    </message>
    <message>
        <source>Manikin</source>
        <translation>Mannequin</translation>
    </message>
    <message>
        <source>Bell</source>
        <translation>Sonnerie</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Horloge</translation>
    </message>
    <message>
        <source>Test the bell (T)</source>
        <translation>Tester la sonnerie (T)</translation>
    </message>
    <message>
        <source>Continue to check-in (Enter)</source>
        <translation>Continuer vers l&apos;accueil des candidats (Entrée)</translation>
    </message>
    <message>
        <source>◉ Visual bell</source>
        <translation>◉ Signal visuel</translation>
    </message>
    <message>
        <source>No device is configured for this station.</source>
        <translation>Aucun appareil n&apos;est configuré pour cette station.</translation>
    </message>
    <message>
        <source>Streaming from {0}{1} {2}</source>
        <translation>Données reçues de {0}{1} {2}</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>Connexion à {0}…</translation>
    </message>
    <message>
        <source>Not connected ({0}): {1}. Check the cable and the device URL in the settings.</source>
        <translation>Non connecté ({0}) : {1}. Vérifiez le câble et l&apos;URL de l&apos;appareil dans les paramètres.</translation>
    </message>
    <message>
        <source> Tested.</source>
        <translation> Testée.</translation>
    </message>
    <message>
        <source>Sound through {0}.</source>
        <translation>Son via {0}.</translation>
    </message>
    <message>
        <source> Visual bell on.</source>
        <translation> Signal visuel activé.</translation>
    </message>
    <message>
        <source>sound is off in the settings</source>
        <translation>le son est désactivé dans les paramètres</translation>
    </message>
    <message>
        <source>no sound output: install PySide6-Addons (Qt Multimedia) or a sound player (pipewire, pulseaudio-utils or alsa-utils)</source>
        <translation>pas de sortie son : installez PySide6-Addons (Qt Multimedia) ou un lecteur audio (pipewire, pulseaudio-utils ou alsa-utils)</translation>
    </message>
    <message>
        <source>Visual bell only ({0}).</source>
        <translation>Signal visuel seulement ({0}).</translation>
    </message>
    <message>
        <source>No bell: there is no sound output and the visual bell is off. Turn the visual bell on in the settings.</source>
        <translation>Aucune sonnerie : pas de sortie son et le signal visuel est désactivé. Activez le signal visuel dans les paramètres.</translation>
    </message>
    <message>
        <source>this computer&apos;s clock; phases timed on its monotonic clock</source>
        <translation>l&apos;horloge de cet ordinateur ; phases chronométrées sur son horloge monotone</translation>
    </message>
    <message>
        <source>a simulated clock ({0})</source>
        <translation>une horloge simulée ({0})</translation>
    </message>
    <message>
        <source>Station clock {0} — source: {1}.</source>
        <translation>Horloge de la station {0} — source : {1}.</translation>
    </message>
</context>
<context>
    <name>ProgressBoard</name>
    <message>
        <source>Refresh automati&amp;cally</source>
        <extracomment>How often the board reads the database while shown (milliseconds). Candidate number -&gt; name as people read it (station.names). Station key -&gt; title.</extracomment>
        <translation>Actualiser automati&amp;quement</translation>
    </message>
    <message>
        <source>Progress: candidates by station</source>
        <translation>Avancement : candidats par station</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Aucun examen choisi.</translation>
    </message>
    <message>
        <source>{0} of {1} done · {2} in progress · {3} no-shows · updated {4}</source>
        <translation>{0} sur {1} faits · {2} en cours · {3} absents · mis à jour {4}</translation>
    </message>
    <message>
        <source>Double-click or Enter: open the result</source>
        <translation>Double-clic ou Entrée : ouvrir le résultat</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <source>Scores of my attempts over time</source>
        <translation>Scores de mes entraînements dans le temps</translation>
    </message>
    <message>
        <source>Scored attempts, oldest to newest</source>
        <translation>Entraînements notés, du plus ancien au plus récent</translation>
    </message>
    <message>
        <source>No scored attempts yet</source>
        <translation>Pas encore d&apos;entraînement noté</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <source>What the camera sees</source>
        <translation>Ce que voit la caméra</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Ask the consent question again</source>
        <translation>Reposer la question du consentement</translation>
    </message>
    <message>
        <source>Marker (M)</source>
        <translation>Repère (M)</translation>
    </message>
    <message>
        <source>Mark this moment of the recording</source>
        <translation>Marquer ce moment de l&apos;enregistrement</translation>
    </message>
    <message>
        <source>Not recording: {0}</source>
        <translation>Pas d&apos;enregistrement : {0}</translation>
    </message>
    <message>
        <source>Marker {0}</source>
        <translation>Repère {0}</translation>
    </message>
    <message>
        <source>Recording: {0}</source>
        <translation>Enregistrement : {0}</translation>
    </message>
    <message>
        <source>○ Not recording — no camera set up</source>
        <translation>○ Pas d&apos;enregistrement — aucune caméra configurée</translation>
    </message>
    <message>
        <source>● REC {0}</source>
        <translation>● REC {0}</translation>
    </message>
    <message>
        <source>… Starting the camera</source>
        <translation>… Démarrage de la caméra</translation>
    </message>
    <message>
        <source>… Finishing the recording</source>
        <translation>… Finalisation de l&apos;enregistrement</translation>
    </message>
    <message>
        <source>✖ Not recording — camera problem</source>
        <translation>✖ Pas d&apos;enregistrement — problème de caméra</translation>
    </message>
    <message>
        <source>✖ Recording stopped — the disk is full</source>
        <translation>✖ Enregistrement arrêté — le disque est plein</translation>
    </message>
    <message>
        <source>■ Recording stopped ({0} frames, {1})</source>
        <translation>■ Enregistrement arrêté ({0} images, {1})</translation>
    </message>
    <message>
        <source>○ Not recording — no consent</source>
        <translation>○ Pas d&apos;enregistrement — pas de consentement</translation>
    </message>
    <message>
        <source>○ Not recording — consent not asked yet</source>
        <translation>○ Pas d&apos;enregistrement — consentement pas encore demandé</translation>
    </message>
    <message>
        <source>○ Ready: recording starts with the station clock</source>
        <translation>○ Prêt : l&apos;enregistrement démarre avec l&apos;horloge de la station</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>off</source>
        <translation>éteinte</translation>
    </message>
    <message>
        <source>Camera: {0}</source>
        <translation>Caméra : {0}</translation>
    </message>
    <message>
        <source>Dropped frames: {0}</source>
        <translation>Images perdues : {0}</translation>
    </message>
    <message>
        <source>Free disk: —</source>
        <translation>Disque libre : —</translation>
    </message>
    <message>
        <source>▲ Free disk: {0} (low)</source>
        <translation>▲ Disque libre : {0} (faible)</translation>
    </message>
    <message>
        <source>Free disk: {0}</source>
        <translation>Disque libre : {0}</translation>
    </message>
    <message>
        <source>Marker (M) · {0}</source>
        <translation>Repère (M) · {0}</translation>
    </message>
    <message>
        <source>The candidate consents to video recording:</source>
        <translation>Le candidat consent à l&apos;enregistrement vidéo :</translation>
    </message>
    <message>
        <source>✔ Consent to recording: given</source>
        <translation>✔ Consentement à l&apos;enregistrement : donné</translation>
    </message>
    <message>
        <source>✖ Consent to recording: refused</source>
        <translation>✖ Consentement à l&apos;enregistrement : refusé</translation>
    </message>
    <message>
        <source>? Consent to recording: not asked</source>
        <translation>? Consentement à l&apos;enregistrement : non demandé</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>ouverture</translation>
    </message>
    <message>
        <source>capturing</source>
        <translation>en capture</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>en panne</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêtée</translation>
    </message>
</context>
<context>
    <name>RecordingsPanel</name>
    <message>
        <source>Exa&amp;m:</source>
        <extracomment>Filter values. States of a recording, as the filter and the State column name them. Consent filter values. A player window was opened (tests and the console keep track of it).</extracomment>
        <translation>Exa&amp;men :</translation>
    </message>
    <message>
        <source>Co&amp;nsent:</source>
        <translation>Co&amp;nsentement :</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Candidate or trainee</source>
        <translation>Candidat ou apprenant</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Frames (dropped)</source>
        <translation>Images (perdues)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Enregistrements</translation>
    </message>
    <message>
        <source>Open in the pla&amp;yer</source>
        <translation>Ouvrir dans le lecteu&amp;r</translation>
    </message>
    <message>
        <source>De&amp;lete recording…</source>
        <translation>Supprimer &amp;l&apos;enregistrement…</translation>
    </message>
    <message>
        <source>Delete a recording</source>
        <translation>Supprimer un enregistrement</translation>
    </message>
    <message>
        <source>Reason (kept in the audit log)</source>
        <translation>Motif (conservé dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>Reason for deleting</source>
        <translation>Motif de la suppression</translation>
    </message>
    <message>
        <source>Delete the &amp;files</source>
        <translation>Supprimer les &amp;fichiers</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Keeping recordings</source>
        <translation>Conservation des enregistrements</translation>
    </message>
    <message>
        <source>&amp;Keep for (days):</source>
        <translation>&amp;Conserver (jours) :</translation>
    </message>
    <message>
        <source>Keep until deleted by hand</source>
        <translation>Conserver jusqu&apos;à suppression manuelle</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Pur&amp;ge now</source>
        <translation>&amp;Purger maintenant</translation>
    </message>
    <message>
        <source>Delete the files of every recording older than the period kept</source>
        <translation>Supprimer les fichiers de tous les enregistrements plus anciens que la durée de conservation</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>Tout consentement</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Consentement donné</translation>
    </message>
    <message>
        <source>Consent withdrawn or missing</source>
        <translation>Consentement retiré ou absent</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Tout état</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>En cours d&apos;enregistrement</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Supprimé</translation>
    </message>
    <message>
        <source>All recordings</source>
        <translation>Tous les enregistrements</translation>
    </message>
    <message>
        <source>Practice (no exam)</source>
        <translation>Entraînement (sans examen)</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>available</source>
        <translation>disponible</translation>
    </message>
    <message>
        <source>given</source>
        <translation>donné</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>practice</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <source>Reason: {0}</source>
        <translation>Motif : {0}</translation>
    </message>
    <message>
        <source>{0} of {1} recordings shown</source>
        <translation>{0} enregistrements affichés sur {1}</translation>
    </message>
    <message>
        <source>Delete the video files of {0}&apos;s recording of {1}? The entry stays in the list with the date and the reason; this cannot be undone.</source>
        <translation>Supprimer les fichiers vidéo de l&apos;enregistrement de {0} du {1} ? La fiche reste dans la liste avec la date et le motif ; c&apos;est irréversible.</translation>
    </message>
    <message>
        <source>Give a reason for deleting the recording (it is kept in the audit log).</source>
        <translation>Indiquez le motif de la suppression (il est conservé dans le journal d&apos;audit).</translation>
    </message>
    <message>
        <source>Recording of {0} deleted.</source>
        <translation>Enregistrement de {0} supprimé.</translation>
    </message>
    <message>
        <source>Recordings are kept until deleted by hand.</source>
        <translation>Les enregistrements sont conservés jusqu&apos;à leur suppression manuelle.</translation>
    </message>
    <message>
        <source>Recordings are deleted {0} days after they were made.</source>
        <translation>Les enregistrements sont supprimés {0} jours après leur réalisation.</translation>
    </message>
    <message>
        <source>Retention saved.</source>
        <translation>Durée de conservation enregistrée.</translation>
    </message>
    <message>
        <source>{0} recordings past the retention period deleted.</source>
        <translation>{0} enregistrements dépassant la durée de conservation supprimés.</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Station filter</source>
        <translation>Filtre par station</translation>
    </message>
    <message>
        <source>Examiner filter</source>
        <translation>Filtre par examinateur</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>Filtre par résultat</translation>
    </message>
    <message>
        <source>Pass and fail</source>
        <translation>Réussite et échec</translation>
    </message>
    <message>
        <source>✔ Pass</source>
        <translation>✔ Réussi</translation>
    </message>
    <message>
        <source>✖ Fail</source>
        <translation>✖ Échec</translation>
    </message>
    <message>
        <source>⊘ Excluded</source>
        <translation>⊘ Exclu</translation>
    </message>
    <message>
        <source>∅ Absent</source>
        <translation>∅ Absent</translation>
    </message>
    <message>
        <source>… Incomplete</source>
        <translation>… Incomplet</translation>
    </message>
    <message>
        <source>Search candidate, station, examiner…</source>
        <translation>Rechercher candidat, station, examinateur…</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Candidat</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinateur</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Correcteur</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Appréciation globale</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Soumis</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>A&amp;mend…</source>
        <translation>A&amp;mender…</translation>
    </message>
    <message>
        <source>Change the marks, grade or comment of the selected result, with a reason</source>
        <translation>Modifier les notes, la note globale ou le commentaire du résultat choisi, avec un motif</translation>
    </message>
    <message>
        <source>Exclusions</source>
        <translation>Exclusions</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Pourquoi (conservé dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>Exc&amp;lude</source>
        <translation>Exc&amp;lure</translation>
    </message>
    <message>
        <source>Station:</source>
        <translation>Station :</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Item :</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motif :</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Re&amp;voke selected</source>
        <translation>A&amp;nnuler la sélection</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>Toutes les stations</translation>
    </message>
    <message>
        <source>All examiners</source>
        <translation>Tous les examinateurs</translation>
    </message>
    <message>
        <source>whole station</source>
        <translation>toute la station</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>en vigueur</translation>
    </message>
    <message>
        <source>(the whole station)</source>
        <translation>(toute la station)</translation>
    </message>
    <message>
        <source>{0} of {1} results shown</source>
        <translation>{0} résultats affichés sur {1}</translation>
    </message>
    <message>
        <source>Give the reason for the exclusion.</source>
        <translation>Indiquez le motif de l&apos;exclusion.</translation>
    </message>
    <message>
        <source>the whole station</source>
        <translation>toute la station</translation>
    </message>
    <message>
        <source>Excluded {0} at {1}; results re-scored.</source>
        <translation>{0} exclu à {1} ; résultats recalculés.</translation>
    </message>
    <message>
        <source>Select an exclusion to revoke.</source>
        <translation>Sélectionnez une exclusion à annuler.</translation>
    </message>
    <message>
        <source>Give the reason for revoking it in the Reason field.</source>
        <translation>Indiquez le motif de l&apos;annulation dans le champ Motif.</translation>
    </message>
    <message>
        <source>Exclusion revoked; results re-scored.</source>
        <translation>Exclusion annulée ; résultats recalculés.</translation>
    </message>
    <message>
        <source>✖! Critical fail</source>
        <translation>✖! Échec critique</translation>
    </message>
    <message>
        <source>… Pending standard</source>
        <translation>… Norme en attente</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Coordinator</source>
        <extracomment>Input that counts as &quot;someone is using the station&quot; for the idle lock. Room kept for the window manager&apos;s title bar and borders, which are not part of the window&apos;s own size: a window 800 px tall on a 1280×800 screen would lose its bottom row of buttons below the screen&apos;s edge. The screen each role sees after signing in.</extracomment>
        <translation>Coordinateur</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinateur</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Apprenant</translation>
    </message>
</context>
<context>
    <name>ScenarioConsole</name>
    <message>
        <source>The device URL is not valid: {0}</source>
        <extracomment>The manikin&apos;s trace since the check-in (recorded beside the live panel).</extracomment>
        <translation>L&apos;URL de l&apos;appareil n&apos;est pas valide : {0}</translation>
    </message>
    <message>
        <source>Station {0} is not a simulation scenario; choose a scenario station.</source>
        <translation>La station {0} n&apos;est pas un scénario de simulation ; choisissez une station de scénario.</translation>
    </message>
    <message>
        <source>This encounter is already submitted; choose another candidate.</source>
        <translation>Ce passage est déjà soumis ; choisissez un autre candidat.</translation>
    </message>
    <message>
        <source>The CPR trace could not be stored: {0}</source>
        <translation>La trace RCP n&apos;a pas pu être enregistrée : {0}</translation>
    </message>
    <message>
        <source>A CPR trace that could not be stored is kept in {0}.</source>
        <translation>Une trace RCP qui n&apos;a pas pu être enregistrée est conservée dans {0}.</translation>
    </message>
</context>
<context>
    <name>ScenarioSession</name>
    <message>
        <source>Scenario started</source>
        <extracomment>Whether the manikin&apos;s trace was stored when the scenario ended.</extracomment>
        <translation>Scénario démarré</translation>
    </message>
    <message>
        <source>Paused by the operator</source>
        <translation>Mis en pause par l&apos;opérateur</translation>
    </message>
    <message>
        <source>Paused: {0}</source>
        <translation>En pause : {0}</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Repris</translation>
    </message>
    <message>
        <source>Scenario ended</source>
        <translation>Scénario terminé</translation>
    </message>
    <message>
        <source>Start the scenario before firing events.</source>
        <translation>Démarrez le scénario avant de déclencher des événements.</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Note : {0}</translation>
    </message>
    <message>
        <source>Missed (its condition did not hold): {0}</source>
        <translation>Non déclenché (sa condition n&apos;était pas remplie) : {0}</translation>
    </message>
    <message>
        <source>✋ By hand: {0}</source>
        <translation>✋ À la main : {0}</translation>
    </message>
    <message>
        <source>Vital signs over {0} s: {1}</source>
        <translation>Constantes vitales en {0} s : {1}</translation>
    </message>
    <message>
        <source>Vital signs: {0}</source>
        <translation>Constantes vitales : {0}</translation>
    </message>
    <message>
        <source>nobody is signed in</source>
        <translation>personne n&apos;est connecté</translation>
    </message>
    <message>
        <source>The log line at {0} was not saved: {1}</source>
        <translation>La ligne du journal à {0} n&apos;a pas été enregistrée : {1}</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>Change your PIN or password</source>
        <translation>Changer votre code PIN ou mot de passe</translation>
    </message>
    <message>
        <source>Give your current PIN or password, then the new one twice. Examiners and trainees may use a PIN of 6 digits or more; coordinators need a password of 10 characters or more.</source>
        <translation>Donnez votre code PIN ou mot de passe actuel, puis le nouveau deux fois. Les examinateurs et les apprenants peuvent utiliser un code PIN de 6 chiffres ou plus ; les coordinateurs ont besoin d&apos;un mot de passe de 10 caractères ou plus.</translation>
    </message>
    <message>
        <source>Current:</source>
        <translation>Actuel :</translation>
    </message>
    <message>
        <source>A new PIN or password for {0}</source>
        <translation>Un nouveau code PIN ou mot de passe pour {0}</translation>
    </message>
    <message>
        <source>Give {0} a new PIN or password (it also lifts a lockout), and hand it over in person. The audit log keeps who did it and why, never the secret.</source>
        <translation>Donnez à {0} un nouveau code PIN ou mot de passe (cela lève aussi un blocage), et remettez-le en personne. Le journal d&apos;audit garde qui l&apos;a fait et pourquoi, jamais le secret.</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>Nouveau :</translation>
    </message>
    <message>
        <source>New, again:</source>
        <translation>Nouveau, encore :</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motif :</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Changer</translation>
    </message>
    <message>
        <source>Type the new PIN or password.</source>
        <translation>Tapez le nouveau code PIN ou mot de passe.</translation>
    </message>
    <message>
        <source>The two entries of the PIN or password differ.</source>
        <translation>Les deux saisies du code PIN ou du mot de passe diffèrent.</translation>
    </message>
    <message>
        <source>Your PIN or password was changed.</source>
        <translation>Votre code PIN ou mot de passe a été changé.</translation>
    </message>
    <message>
        <source>{0} has a new PIN or password.</source>
        <translation>{0} a un nouveau code PIN ou mot de passe.</translation>
    </message>
</context>
<context>
    <name>SelfAssessment</name>
    <message>
        <source>Do the skill, then mark each step as you judge you did it. Items marked ! are critical. The clock shows the time since you started.</source>
        <translation>Réalisez le geste, puis notez chaque étape selon votre propre jugement. Les items marqués ! sont critiques. L&apos;horloge indique le temps écoulé depuis le début.</translation>
    </message>
    <message>
        <source>Finish and score (F10)</source>
        <translation>Terminer et noter (F10)</translation>
    </message>
    <message>
        <source>Abandon (Esc)</source>
        <translation>Abandonner (Échap)</translation>
    </message>
    <message>
        <source>Judged by a feedback device: left out here.</source>
        <translation>Évalué par un appareil de retour : non pris en compte ici.</translation>
    </message>
    <message>
        <source>Done at {0} (aim: within {1} s)</source>
        <translation>Fait à {0} (objectif : en moins de {1} s)</translation>
    </message>
</context>
<context>
    <name>ServiceWorker</name>
    <message>
        <source>Internal error ({0}); details are in the log file.</source>
        <extracomment>Called with ``(done, total, label)`` from long work to report its progress. The text of an error nobody handled, when no default handler is set. The services are open (emitted at once when they were given open). Opening the services failed with this exception.</extracomment>
        <translation>Erreur interne ({0}) ; les détails sont dans le fichier journal.</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <source>Signed in: {user} ({role})</source>
        <translation>Connecté : {user} ({role})</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>Mot de passe…</translation>
    </message>
    <message>
        <source>PIN…</source>
        <translation>PIN…</translation>
    </message>
    <message>
        <source>Change your PIN or password</source>
        <translation>Changer votre code PIN ou mot de passe</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>Paramètres (Ctrl+,)</translation>
    </message>
    <message>
        <source>Lock the station (Ctrl+L)</source>
        <translation>Verrouiller la station (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sign out (Ctrl+Shift+Q)</source>
        <translation>Se déconnecter (Ctrl+Maj+Q)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Cet ordinateur</translation>
    </message>
    <message>
        <source>Station (coordinators; used from the next start)</source>
        <translation>Station (coordinateurs ; pris en compte au prochain démarrage)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>Lock after &amp;idle (minutes, 0 = never)</source>
        <translation>Verrouiller après &amp;inactivité (minutes, 0 = jamais)</translation>
    </message>
    <message>
        <source>Bell &amp;sound</source>
        <translation>&amp;Son de la sonnerie</translation>
    </message>
    <message>
        <source>&amp;Visual bell (the screen flashes)</source>
        <translation>Signal &amp;visuel (l&apos;écran clignote)</translation>
    </message>
    <message>
        <source>&amp;Data directory</source>
        <translation>&amp;Dossier des données</translation>
    </message>
    <message>
        <source>Data&amp;base</source>
        <translation>&amp;Base de données</translation>
    </message>
    <message>
        <source>&amp;Manikin URL</source>
        <translation>URL du &amp;mannequin</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Caméra</translation>
    </message>
    <message>
        <source>default data directory</source>
        <translation>dossier des données par défaut</translation>
    </message>
    <message>
        <source>skillstation.db in the data directory</source>
        <translation>skillstation.db dans le dossier des données</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Empty fields use the defaults. A manikin URL is a serial port (/dev/ttyUSB0) or sim://cpr?profile=good for the simulated manikin.</source>
        <translation>Les champs vides prennent les valeurs par défaut. L&apos;URL d&apos;un mannequin est un port série (/dev/ttyUSB0) ou sim://cpr?profile=good pour le mannequin simulé.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Give a manikin URL (sim://cpr?profile=good).</source>
        <translation>Indiquez l&apos;URL d&apos;un mannequin (sim://cpr?profile=good).</translation>
    </message>
    <message>
        <source>Keep the bell sound or the visual bell on: examiners need one.</source>
        <translation>Gardez le son ou le signal visuel activé : les examinateurs en ont besoin.</translation>
    </message>
    <message>
        <source>Cannot save the settings: {0}</source>
        <translation>Impossible d&apos;enregistrer les paramètres : {0}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
</context>
<context>
    <name>StandardsPanel</name>
    <message>
        <source>each station&apos;s own</source>
        <translation>celle de chaque station</translation>
    </message>
    <message>
        <source>The global grade that means borderline, counted from 1 (0: each station&apos;s)</source>
        <translation>L&apos;appréciation globale qui signifie « limite », comptée à partir de 1 (0 : celle de chaque station)</translation>
    </message>
    <message>
        <source>Borderline regression</source>
        <translation>Régression des cas limites</translation>
    </message>
    <message>
        <source>Borderline group</source>
        <translation>Groupe limite</translation>
    </message>
    <message>
        <source>Cohen (60 % of the 95th percentile)</source>
        <translation>Cohen (60 % du 95e centile)</translation>
    </message>
    <message>
        <source>&amp;Borderline grade:</source>
        <translation>Appréciation « &amp;limite » :</translation>
    </message>
    <message>
        <source>SEM &amp;multiplier:</source>
        <translation>&amp;Multiplicateur de l&apos;ETM :</translation>
    </message>
    <message>
        <source>&amp;Compute statistics</source>
        <translation>&amp;Calculer les statistiques</translation>
    </message>
    <message>
        <source>&amp;Release results</source>
        <translation>&amp;Publier les résultats</translation>
    </message>
    <message>
        <source>Why the release is withdrawn</source>
        <translation>Pourquoi la publication est retirée</translation>
    </message>
    <message>
        <source>&amp;Withdraw the release</source>
        <translation>&amp;Retirer la publication</translation>
    </message>
    <message>
        <source>Withdrawal reason:</source>
        <translation>Motif du retrait :</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Mean %</source>
        <translation>Moyenne %</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>ÉT</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>Cut %</source>
        <translation>Seuil %</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>α if deleted</source>
        <translation>α sans la station</translation>
    </message>
    <message>
        <source>Examiner η²</source>
        <translation>η² examinateur</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Station statistics</source>
        <translation>Statistiques par station</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Avertissements</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Avertissements :</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Aucun examen choisi.</translation>
    </message>
    <message>
        <source>failing {0} (exam results, pass mark {1} %)</source>
        <translation>en échec {0} (résultats d&apos;examen, note de passage {1} %)</translation>
    </message>
    <message>
        <source>No exam-level flags</source>
        <translation>Aucune alerte au niveau de l&apos;examen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>No standard adopted yet; results are held back.</source>
        <translation>Aucune norme adoptée ; les résultats sont retenus.</translation>
    </message>
    <message>
        <source>Results released on {0}; withdraw the release to change it.</source>
        <translation>Résultats publiés le {0} ; retirez la publication pour les modifier.</translation>
    </message>
    <message>
        <source>Give the reason for withdrawing the release.</source>
        <translation>Indiquez le motif du retrait de la publication.</translation>
    </message>
    <message>
        <source>The release of {0} is withdrawn; results are held back.</source>
        <translation>La publication de {0} est retirée ; les résultats sont retenus.</translation>
    </message>
    <message>
        <source>Standard adopted for {0}: pass mark {1} %.</source>
        <translation>Norme adoptée pour {0} : note de passage {1} %.</translation>
    </message>
    <message>
        <source>Adopt th&amp;is standard</source>
        <translation>A&amp;dopter cette norme</translation>
    </message>
    <message>
        <source>Standard-setting met&amp;hod:</source>
        <translation>Mét&amp;hode de fixation de la norme :</translation>
    </message>
    <message>
        <source>{0} candidates ({1} incomplete), {2} stations</source>
        <translation>{0} candidats ({1} incomplets), {2} stations</translation>
    </message>
    <message>
        <source>mean {0} % (SD {1})</source>
        <translation>moyenne {0} % (ÉT {1})</translation>
    </message>
    <message>
        <source>Cronbach&apos;s α {0}</source>
        <translation>α de Cronbach {0}</translation>
    </message>
    <message>
        <source>SEM {0}</source>
        <translation>ETM {0}</translation>
    </message>
    <message>
        <source>cut score {0} %</source>
        <translation>seuil {0} %</translation>
    </message>
    <message>
        <source>pass mark {0} %</source>
        <translation>note de passage {0} %</translation>
    </message>
    <message>
        <source>failing {0}</source>
        <translation>en échec {0}</translation>
    </message>
    <message>
        <source>Standard in force: {0}, cut score {1} %, pass mark {2} % (SEM × {3}).</source>
        <translation>Norme en vigueur : {0}, seuil {1} %, note de passage {2} % (ETM × {3}).</translation>
    </message>
    <message>
        <source>Adopted by {0} on {1}.</source>
        <translation>Adoptée par {0} le {1}.</translation>
    </message>
    <message>
        <source>Results of {0} released.</source>
        <translation>Résultats de {0} publiés.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>PySide6 {0} loses references on Python {1} and would crash the station in the middle of an encounter; install the supported release ({2}) with scripts/setup.sh or pip, then start again</source>
        <translation>PySide6 {0} perd des références sous Python {1} et ferait planter la station au milieu d&apos;un passage ; installez la version prise en charge ({2}) avec scripts/setup.sh ou pip, puis relancez</translation>
    </message>
    <message>
        <source>Cannot open the database {0}: {1}</source>
        <translation>Impossible d&apos;ouvrir la base de données {0} : {1}</translation>
    </message>
</context>
<context>
    <name>StatisticsPlots</name>
    <message>
        <source>Station to plot</source>
        <extracomment>The choice &quot;the whole exam&quot; in the station box.</extracomment>
        <translation>Station à représenter</translation>
    </message>
    <message>
        <source>Plot:</source>
        <translation>Graphique :</translation>
    </message>
    <message>
        <source>Compute the statistics to see them plotted.</source>
        <translation>Calculez les statistiques pour les voir en graphiques.</translation>
    </message>
    <message>
        <source>The whole exam</source>
        <translation>Tout l&apos;examen</translation>
    </message>
    <message>
        <source>Score (%)</source>
        <translation>Score (%)</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Candidats</translation>
    </message>
    <message>
        <source>Pass mark {0} %</source>
        <translation>Note de passage {0} %</translation>
    </message>
    <message>
        <source>Total (%)</source>
        <translation>Total (%)</translation>
    </message>
    <message>
        <source>Totals of the candidates who sat every station. Choose a station for its borderline regression.</source>
        <translation>Totaux des candidats qui ont passé toutes les stations. Choisissez une station pour sa régression des cas limites.</translation>
    </message>
    <message>
        <source>Cut score {0} %</source>
        <translation>Seuil {0} %</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Appréciation globale</translation>
    </message>
    <message>
        <source>Cut score</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>Each dot a candidate; the line is the regression, and the cut score is where it crosses the borderline grade.</source>
        <translation>Chaque point est un candidat ; la droite est la régression, et le seuil est là où elle croise l&apos;appréciation limite.</translation>
    </message>
    <message>
        <source>This station has no global rating: no borderline regression.</source>
        <translation>Cette station n&apos;a pas d&apos;appréciation globale : pas de régression des cas limites.</translation>
    </message>
    <message>
        <source>Mean score (%) with its 95 % interval</source>
        <translation>Score moyen (%) avec son intervalle à 95 %</translation>
    </message>
    <message>
        <source>All examiners</source>
        <translation>Tous les examinateurs</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Not started</source>
        <translation>Pas commencé</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Brouillon</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Soumis</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clôturé</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Exclu</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>P&amp;ractise again</source>
        <translation>S&apos;entraîner e&amp;ncore</translation>
    </message>
    <message>
        <source>My &amp;attempts</source>
        <translation>Mes &amp;entraînements</translation>
    </message>
    <message>
        <source>Attempt saved: {0}</source>
        <translation>Entraînement enregistré : {0}</translation>
    </message>
    <message>
        <source>Rate only, from the camera: no score</source>
        <translation>Fréquence seulement, par la caméra : pas de score</translation>
    </message>
    <message>
        <source>Score: {0} / 100</source>
        <translation>Score : {0} / 100</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Les vôtres</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <source>The camera saw less than 5 s of video: no rate could be measured.</source>
        <translation>La caméra a vu moins de 5 s de vidéo : aucune fréquence n&apos;a pu être mesurée.</translation>
    </message>
    <message>
        <source>Measured from the camera: the rate only, as feedback for practice (no score: depth and recoil need a manikin).</source>
        <translation>Mesuré par la caméra : la fréquence seulement, comme retour pour l&apos;entraînement (pas de score : la profondeur et le relâchement nécessitent un mannequin).</translation>
    </message>
    <message>
        <source>{0} of {1} steps done, in {2}.</source>
        <translation>{0} étapes faites sur {1}, en {2}.</translation>
    </message>
    <message>
        <source>Compressions</source>
        <translation>Compressions</translation>
    </message>
    <message>
        <source>Mean depth</source>
        <translation>Profondeur moyenne</translation>
    </message>
    <message>
        <source>Compressions at the right depth</source>
        <translation>Compressions à la bonne profondeur</translation>
    </message>
    <message>
        <source>Mean rate</source>
        <translation>Fréquence moyenne</translation>
    </message>
    <message>
        <source>Compressions at the right rate</source>
        <translation>Compressions à la bonne fréquence</translation>
    </message>
    <message>
        <source>Full recoil</source>
        <translation>Relâchement complet</translation>
    </message>
    <message>
        <source>Compression fraction (CCF)</source>
        <translation>Fraction de compression (FCT)</translation>
    </message>
    <message>
        <source>Longest pause</source>
        <translation>Pause la plus longue</translation>
    </message>
    <message>
        <source>Breaths (in volume)</source>
        <translation>Insufflations (volume correct)</translation>
    </message>
    <message>
        <source>Hands-off alarms</source>
        <translation>Alarmes de pause</translation>
    </message>
    <message>
        <source>needs a manikin</source>
        <translation>nécessite un mannequin</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>partiellement</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>non fait</translation>
    </message>
    <message>
        <source>not marked</source>
        <translation>non noté</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>non pris en compte</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>Username</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>Reason (kept in the audit log)</source>
        <translation>Motif (conservé dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>Ajouter un compte</translation>
    </message>
    <message>
        <source>Examiner (signs in with a PIN)</source>
        <translation>Examinateur (se connecte avec un code PIN)</translation>
    </message>
    <message>
        <source>Coordinator (signs in with a password)</source>
        <translation>Coordinateur (se connecte avec un mot de passe)</translation>
    </message>
    <message>
        <source>Trainee (signs in with a PIN)</source>
        <translation>Apprenant (se connecte avec un code PIN)</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rôle :</translation>
    </message>
    <message>
        <source>Reacti&amp;vate selected</source>
        <translation>Réacti&amp;ver la sélection</translation>
    </message>
    <message>
        <source>Deactivate se&amp;lected</source>
        <translation>&amp;Désactiver la sélection</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>Nouveau PIN…</translation>
    </message>
    <message>
        <source>Give the selected account a new PIN or password</source>
        <translation>Donner au compte choisi un nouveau code PIN ou mot de passe</translation>
    </message>
    <message>
        <source>Add a&amp;ccount</source>
        <translation>Ajouter un &amp;compte</translation>
    </message>
    <message>
        <source>User&amp;name:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <source>Na&amp;me shown:</source>
        <translation>No&amp;m affiché :</translation>
    </message>
    <message>
        <source>P&amp;IN or password:</source>
        <translation>Code PI&amp;N ou mot de passe :</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Confirmation :</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>locked until {0}</source>
        <translation>verrouillé jusqu&apos;à {0}</translation>
    </message>
    <message>
        <source>Give a username.</source>
        <translation>Indiquez un identifiant.</translation>
    </message>
    <message>
        <source>The two entries of the PIN or password differ.</source>
        <translation>Les deux saisies du code PIN ou du mot de passe diffèrent.</translation>
    </message>
    <message>
        <source>Account {0} added.</source>
        <translation>Compte {0} ajouté.</translation>
    </message>
    <message>
        <source>Select an account first.</source>
        <translation>Sélectionnez d&apos;abord un compte.</translation>
    </message>
    <message>
        <source>Give the reason first.</source>
        <translation>Indiquez d&apos;abord le motif.</translation>
    </message>
    <message>
        <source>reactivated</source>
        <translation>réactivé</translation>
    </message>
</context>
<context>
    <name>VitalTile</name>
    <message>
        <source>ALARM</source>
        <translation>ALARME</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
</context>
</TS>
