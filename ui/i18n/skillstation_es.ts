<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AmendDialog</name>
    <message>
        <source>Amend {0} at {1}</source>
        <translation>Enmendar {0} en {1}</translation>
    </message>
    <message>
        <source>Candidate {0}{1} at station {2}, marked by {3}, submitted {4}. Choose the new values; the earlier ones stay in the history and the audit log.</source>
        <translation>Candidato {0}{1} en la estación {2}, calificado por {3}, enviado el {4}. Elija los nuevos valores; los anteriores quedan en el historial y en el registro de auditoría.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ítem</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Ahora</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Nuevo valor</translation>
    </message>
    <message>
        <source>New value of {0}</source>
        <translation>Nuevo valor de {0}</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(sin cambios)</translation>
    </message>
    <message>
        <source>&amp;Global grade</source>
        <translation>Nota &amp;global</translation>
    </message>
    <message>
        <source>&amp;Feedback comment</source>
        <translation>&amp;Comentario para el candidato</translation>
    </message>
    <message>
        <source>Earlier amendments</source>
        <translation>Enmiendas anteriores</translation>
    </message>
    <message>
        <source>No amendment yet.</source>
        <translation>Todavía no hay enmiendas.</translation>
    </message>
    <message>
        <source>Why (kept with the change and in the audit log)</source>
        <translation>Por qué (se guarda con el cambio y en el registro de auditoría)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>&amp;Amend</source>
        <translation>&amp;Enmendar</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Ca&amp;ncelar</translation>
    </message>
    <message>
        <source>Earlier values and amendments:</source>
        <translation>Valores anteriores y enmiendas:</translation>
    </message>
    <message>
        <source>(amended)</source>
        <translation>(enmendado)</translation>
    </message>
    <message>
        <source>{0} {1}: {2}</source>
        <translation>{0} {1}: {2}</translation>
    </message>
    <message>
        <source>{0} {1}: {2} {3} → {4} — {5}</source>
        <translation>{0} {1}: {2} {3} → {4} — {5}</translation>
    </message>
    <message>
        <source>{0} {1}: global grade {2} → {3} — {4}</source>
        <translation>{0} {1}: nota global {2} → {3} — {4}</translation>
    </message>
    <message>
        <source>{0} {1}: comment “{2}” — {3}</source>
        <translation>{0} {1}: comentario «{2}» — {3}</translation>
    </message>
    <message>
        <source>{0}: {1} → {2}</source>
        <translation>{0}: {1} → {2}</translation>
    </message>
    <message>
        <source>global grade: {0} → {1}</source>
        <translation>nota global: {0} → {1}</translation>
    </message>
    <message>
        <source>a new feedback comment</source>
        <translation>un nuevo comentario para el candidato</translation>
    </message>
    <message>
        <source>Changes: {0}</source>
        <translation>Cambios: {0}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Todavía no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Choose a new value for an item, the grade or the comment.</source>
        <translation>Elija un nuevo valor para un ítem, la nota o el comentario.</translation>
    </message>
    <message>
        <source>Give the reason for the amendment to enable Amend: it is kept with the change and in the audit log.</source>
        <translation>Indique el motivo de la enmienda para activar Enmendar: se guarda con el cambio y en el registro de auditoría.</translation>
    </message>
    <message>
        <source>Amended candidate {0} at station {1}; results re-scored.</source>
        <translation>Candidato {0} enmendado en la estación {1}; resultados recalculados.</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <source>Verify the audit log</source>
        <extracomment>Entries per page.</extracomment>
        <translation>Verificar el registro de auditoría</translation>
    </message>
    <message>
        <source>Checkpoint noted earlier (optional), e.g. 1234:3fa29c0d1e2b4f56</source>
        <translation>Punto de control anotado antes (opcional), p. ej. 1234:3fa29c0d1e2b4f56</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Verificar</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Todavía no verificado.</translation>
    </message>
    <message>
        <source>Filter by user</source>
        <translation>Filtrar por usuario</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Filtrar por acción</translation>
    </message>
    <message>
        <source>◀ &amp;Newer</source>
        <translation>◀ Más &amp;recientes</translation>
    </message>
    <message>
        <source>O&amp;lder ▶</source>
        <translation>&amp;Más antiguas ▶</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>#</source>
        <translation>n.º</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>Entradas del registro de auditoría</translation>
    </message>
    <message>
        <source>{0}–{1} of {2}</source>
        <translation>{0}–{1} de {2}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Last entry&apos;s checkpoint (note it down to detect removed entries): {0}</source>
        <translation>Punto de control de la última entrada (anótelo para detectar entradas eliminadas): {0}</translation>
    </message>
</context>
<context>
    <name>BadgeCamera</name>
    <message>
        <source>Opening the camera…</source>
        <translation>Abriendo la cámara…</translation>
    </message>
    <message>
        <source>The camera is off.</source>
        <translation>La cámara está apagada.</translation>
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
        <translation>E&amp;stación</translation>
    </message>
    <message>
        <source>Type a name or number (↑↓ to choose, Enter to check in)</source>
        <translation>Escriba un nombre o número (↑↓ para elegir, Intro para registrar la llegada)</translation>
    </message>
    <message>
        <source>&amp;Find a candidate</source>
        <translation>&amp;Buscar un candidato</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Scan the badge or type the candidate number, then Enter</source>
        <translation>Escanee la credencial o escriba el número del candidato y pulse Intro</translation>
    </message>
    <message>
        <source>&amp;Badge or candidate number</source>
        <translation>&amp;Credencial o número de candidato</translation>
    </message>
    <message>
        <source>Scan badge</source>
        <translation>Escanear la credencial</translation>
    </message>
    <message>
        <source>No candidates are enrolled in this exam yet.</source>
        <translation>Todavía no hay candidatos inscritos en este examen.</translation>
    </message>
    <message>
        <source>{0} candidates; {1} already seen at this station.</source>
        <translation>{0} candidatos; {1} ya vistos en esta estación.</translation>
    </message>
    <message>
        <source>{0} {1} — {2}</source>
        <translation>{0} {1} — {2}</translation>
    </message>
    <message>
        <source>No candidate matches “{0}”.</source>
        <translation>Ningún candidato coincide con «{0}».</translation>
    </message>
    <message>
        <source>Check in (Enter)</source>
        <translation>Registrar llegada (Intro)</translation>
    </message>
    <message>
        <source>No-show… (Ctrl+Shift+N)</source>
        <translation>Ausente… (Ctrl+Mayús+N)</translation>
    </message>
    <message>
        <source>Why is the candidate absent? (Enter to record the no-show, Esc to cancel)</source>
        <translation>¿Por qué está ausente el candidato? (Intro para registrar la ausencia, Esc para cancelar)</translation>
    </message>
    <message>
        <source>You are not assigned to a station of an open exam. Ask the coordinator to assign you.</source>
        <translation>No está asignado a ninguna estación de un examen abierto. Pida al coordinador que le asigne.</translation>
    </message>
    <message>
        <source>Hold the candidate&apos;s badge up to the camera.</source>
        <translation>Muestre la credencial del candidato a la cámara.</translation>
    </message>
    <message>
        <source>No camera is chosen in the settings: this is the simulated camera. Choose the camera in the settings (camera://0 is the computer&apos;s first).</source>
        <translation>No hay ninguna cámara elegida en los ajustes: esta es la cámara simulada. Elija la cámara en los ajustes (camera://0 es la primera del ordenador).</translation>
    </message>
    <message>
        <source>The camera stopped: {0}.</source>
        <translation>La cámara se detuvo: {0}.</translation>
    </message>
    <message>
        <source>“{0}” is not a SkillStation badge: scan the candidate&apos;s exam badge.</source>
        <translation>«{0}» no es una credencial de SkillStation: escanee la credencial de examen del candidato.</translation>
    </message>
    <message>
        <source>This badge ({0}) was printed for the exam {1}, not for {2}.</source>
        <translation>Esta credencial ({0}) se imprimió para el examen {1}, no para {2}.</translation>
    </message>
    <message>
        <source>{0} is not on this exam&apos;s roster.</source>
        <translation>{0} no figura en la lista de candidatos de este examen.</translation>
    </message>
    <message>
        <source>Choose a candidate, or scan the badge.</source>
        <translation>Elija un candidato o escanee la credencial.</translation>
    </message>
    <message>
        <source>{0} has already been marked and submitted at this station.</source>
        <translation>{0} ya fue evaluado y enviado en esta estación.</translation>
    </message>
    <message>
        <source>{0} has already been marked here by {1} and submitted.</source>
        <translation>{0} ya fue evaluado aquí por {1} y enviado.</translation>
    </message>
    <message>
        <source>{0} has been recorded absent at this station.</source>
        <translation>{0} fue registrado como ausente en esta estación.</translation>
    </message>
    <message>
        <source>{0} is being marked at this station by {1}.</source>
        <translation>{0} está siendo evaluado en esta estación por {1}.</translation>
    </message>
    <message>
        <source>Press Enter again to open it anyway.</source>
        <translation>Pulse Intro otra vez para abrirlo de todos modos.</translation>
    </message>
    <message>
        <source>Choose the exam and the station first.</source>
        <translation>Elija primero el examen y la estación.</translation>
    </message>
    <message>
        <source>Choose the absent candidate first.</source>
        <translation>Elija primero al candidato ausente.</translation>
    </message>
    <message>
        <source>Give the reason for the no-show.</source>
        <translation>Indique el motivo de la ausencia.</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Ausencia</translation>
    </message>
    <message>
        <source>Record candidate {0} as absent at this station? Reason: {1}</source>
        <translation>¿Registrar al candidato {0} como ausente en esta estación? Motivo: {1}</translation>
    </message>
    <message>
        <source>Record absent</source>
        <translation>Registrar la ausencia</translation>
    </message>
    <message>
        <source>Candidate {0} recorded absent.</source>
        <translation>Candidato {0} registrado como ausente.</translation>
    </message>
</context>
<context>
    <name>ChooseSkill</name>
    <message>
        <source>Practise a skill</source>
        <translation>Practicar una habilidad</translation>
    </message>
    <message>
        <source>Choose a skill and press Start (Enter). CPR skills give live feedback from the manikin, or the rate alone from a camera; the others are self-assessed against the station&apos;s checklist.</source>
        <translation>Elija una habilidad y pulse Iniciar (Intro). Las habilidades de RCP dan información en directo del maniquí, o solo la frecuencia desde una cámara; las demás se autoevalúan con la lista de la estación.</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>&amp;Paciente:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>My &amp;attempts</source>
        <translation>&amp;Mis prácticas</translation>
    </message>
    <message>
        <source>Adult</source>
        <translation>Adulto</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Niño</translation>
    </message>
    <message>
        <source>Infant</source>
        <translation>Lactante</translation>
    </message>
    <message>
        <source>&amp;Feedback from:</source>
        <translation>In&amp;formación de:</translation>
    </message>
    <message>
        <source>Manikin (depth, rate, recoil)</source>
        <translation>Maniquí (profundidad, frecuencia, descompresión)</translation>
    </message>
    <message>
        <source>Camera (rate only)</source>
        <translation>Cámara (solo frecuencia)</translation>
    </message>
    <message>
        <source>&amp;Record a video of my attempt (my consent; only I and the coordinators see it)</source>
        <translation>&amp;Grabar un vídeo de mi intento (doy mi consentimiento; solo lo vemos yo y los coordinadores)</translation>
    </message>
    <message>
        <source>CPR with live feedback</source>
        <translation>RCP con información en directo</translation>
    </message>
    <message>
        <source>self-assessment</source>
        <translation>autoevaluación</translation>
    </message>
    <message>
        <source>No camera is set: choose one in the settings.</source>
        <translation>No hay ninguna cámara configurada: elija una en los ajustes.</translation>
    </message>
    <message>
        <source>The camera is measuring the rate: it cannot also record.</source>
        <translation>La cámara está midiendo la frecuencia: no puede grabar a la vez.</translation>
    </message>
    <message>
        <source>The video is kept with the attempt for your own review.</source>
        <translation>El vídeo se guarda con el intento para que usted lo revise.</translation>
    </message>
    <message>
        <source>Feedback device: {0} · Camera: {1} (change them in the settings)</source>
        <translation>Dispositivo de información: {0} · Cámara: {1} (cámbielos en los ajustes)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
</context>
<context>
    <name>CircuitTimeline</name>
    <message>
        <source>The circuit over time</source>
        <extracomment>Tick steps tried for the time axis, in minutes (the first that gives ≤ 8 ticks). (station key, start, end, status, examiner, candidate): what was drawn.</extracomment>
        <translation>El circuito en el tiempo</translation>
    </message>
    <message>
        <source>{0} encounters on {1} stations</source>
        <translation>{0} encuentros en {1} estaciones</translation>
    </message>
    <message>
        <source>No encounter has started yet.</source>
        <translation>Aún no ha empezado ningún encuentro.</translation>
    </message>
</context>
<context>
    <name>CommentBox</name>
    <message>
        <source>… typing</source>
        <translation>… escribiendo</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… guardando</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ guardado</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ no guardado</translation>
    </message>
</context>
<context>
    <name>CompressionChart</name>
    <message>
        <source>Depth and rate of each compression</source>
        <extracomment>What a feedback state looks like: on target, off target, act now, nothing yet.</extracomment>
        <translation>Profundidad y frecuencia de cada compresión</translation>
    </message>
    <message>
        <source>Bars: depth (mm, left; solid = in the band, hatched = outside)  ● rate (/min, right; ○ = outside the band)</source>
        <translation>Barras: profundidad (mm, izquierda; llena = en la franja, rayada = fuera)  ● frecuencia (/min, derecha; ○ = fuera de la franja)</translation>
    </message>
    <message>
        <source>No compressions</source>
        <translation>Sin compresiones</translation>
    </message>
    <message>
        <source>Compressions 1 to {0}</source>
        <translation>Compresiones 1 a {0}</translation>
    </message>
</context>
<context>
    <name>Coordinator</name>
    <message>
        <source>Problems found</source>
        <extracomment>Controls people touch are at least this tall (touch-size, in device-independent px). Where a value to sort by is kept on table items.</extracomment>
        <translation>Problemas encontrados</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
</context>
<context>
    <name>CoordinatorConsole</name>
    <message>
        <source>The coordinator&apos;s console is for coordinators; sign in as one.</source>
        <translation>La consola del coordinador es para coordinadores; inicie sesión como tal.</translation>
    </message>
    <message>
        <source>&amp;Exam:</source>
        <translation>&amp;Examen:</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>E&amp;xams</source>
        <translation>E&amp;xámenes</translation>
    </message>
    <message>
        <source>&amp;Progress</source>
        <translation>Pro&amp;greso</translation>
    </message>
    <message>
        <source>Re&amp;sults</source>
        <translation>Re&amp;sultados</translation>
    </message>
    <message>
        <source>S&amp;tandard &amp;&amp; statistics</source>
        <translation>Es&amp;tándar &amp;&amp; estadísticas</translation>
    </message>
    <message>
        <source>Exp&amp;orts &amp;&amp; PDFs</source>
        <translation>Exp&amp;ortaciones &amp;&amp; PDF</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>Registro de &amp;auditoría</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Usuarios</translation>
    </message>
    <message>
        <source>Recor&amp;dings</source>
        <translation>Gra&amp;baciones</translation>
    </message>
    <message>
        <source>No exam yet: create one under Exams.</source>
        <translation>Todavía no hay exámenes: cree uno en Exámenes.</translation>
    </message>
    <message>
        <source>{0} candidates · {1} stations · {2} {3}</source>
        <translation>{0} candidatos · {1} estaciones · {2} {3}</translation>
    </message>
</context>
<context>
    <name>CprPanel</name>
    <message>
        <source>Depth</source>
        <extracomment>The live summary changed (after a drain that brought samples). A compression, release, breath or hands-off alarm was detected.</extracomment>
        <translation>Profundidad</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Frecuencia</translation>
    </message>
    <message>
        <source>Full recoil</source>
        <translation>Descompresión completa</translation>
    </message>
    <message>
        <source>CCF</source>
        <translation>FCT</translation>
    </message>
    <message>
        <source>Compressions</source>
        <translation>Compresiones</translation>
    </message>
    <message>
        <source>Last compression</source>
        <translation>Última compresión</translation>
    </message>
    <message>
        <source>{0} mm</source>
        <translation>{0} mm</translation>
    </message>
    <message>
        <source>✗ incomplete release</source>
        <translation>✗ descompresión incompleta</translation>
    </message>
    <message>
        <source>⚠ hands off {0} s</source>
        <translation>⚠ sin manos {0} s</translation>
    </message>
    <message>
        <source>✓ good depth</source>
        <translation>✓ profundidad correcta</translation>
    </message>
    <message>
        <source>▲ too shallow</source>
        <translation>▲ demasiado superficial</translation>
    </message>
    <message>
        <source>▼ too deep</source>
        <translation>▼ demasiado profundo</translation>
    </message>
    <message>
        <source>{0} /min</source>
        <translation>{0} /min</translation>
    </message>
    <message>
        <source>Samples: {0}</source>
        <translation>Muestras: {0}</translation>
    </message>
    <message>
        <source>{0} Device {1}: {2}</source>
        <translation>{0} Dispositivo {1}: {2}</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>transmitiendo</translation>
    </message>
    <message>
        <source>disconnected — retrying</source>
        <translation>desconectado — reintentando</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>reconectando</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
</context>
<context>
    <name>Debrief</name>
    <message>
        <source>Checklist mark</source>
        <extracomment>Adult compression depth target, mm (AHA 2020 BLS; ERC 2021: 5–6 cm). The depth axis of the strip runs from 0 to this, mm. The event kinds in the order the legend and the filter list them.</extracomment>
        <translation>Marca de la lista</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Calificación global</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Marcador</translation>
    </message>
    <message>
        <source>Scenario event</source>
        <translation>Evento del escenario</translation>
    </message>
    <message>
        <source>Device alarm</source>
        <translation>Alarma del dispositivo</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <source>CPR depth (mm)</source>
        <translation>Profundidad RCP (mm)</translation>
    </message>
    <message>
        <source>No manikin trace was stored for this recording, so there is no depth to show. The examiner&apos;s station stores one when the CPR metrics are recorded (F7), the scenario console when the scenario ends, practice when the attempt ends.</source>
        <translation>No se guardó ninguna traza del maniquí para esta grabación, así que no hay profundidad que mostrar. El puesto del examinador la guarda cuando se registran las métricas de RCP (F7), la consola de escenarios al terminar el escenario, la práctica al terminar el intento.</translation>
    </message>
    <message>
        <source>Shaded: depth target {0}–{1} mm</source>
        <translation>Zona sombreada: profundidad objetivo {0}–{1} mm</translation>
    </message>
</context>
<context>
    <name>DebriefPlayer</name>
    <message>
        <source>Go to the start (Home)</source>
        <extracomment>How often the player ticks while playing, ms (the display&apos;s pace, not the video&apos;s).</extracomment>
        <translation>Ir al principio (Inicio)</translation>
    </message>
    <message>
        <source>Previous event (PgUp or [)</source>
        <translation>Evento anterior (RePág o [)</translation>
    </message>
    <message>
        <source>5 seconds back (Shift+Left)</source>
        <translation>5 segundos atrás (Mayús+Izquierda)</translation>
    </message>
    <message>
        <source>One frame back (Left or ,)</source>
        <translation>Un fotograma atrás (Izquierda o ,)</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Reproducir o pausar (Espacio)</translation>
    </message>
    <message>
        <source>One frame forward (Right or .)</source>
        <translation>Un fotograma adelante (Derecha o .)</translation>
    </message>
    <message>
        <source>5 seconds forward (Shift+Right)</source>
        <translation>5 segundos adelante (Mayús+Derecha)</translation>
    </message>
    <message>
        <source>Next event (PgDown or ])</source>
        <translation>Evento siguiente (AvPág o ])</translation>
    </message>
    <message>
        <source>Go to the end (End)</source>
        <translation>Ir al final (Fin)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Playback speed (- and +)</source>
        <translation>Velocidad de reproducción (- y +)</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Velocidad de reproducción</translation>
    </message>
    <message>
        <source>Add &amp;marker (M)</source>
        <translation>Añadir &amp;marcador (M)</translation>
    </message>
    <message>
        <source>Marker label (optional)</source>
        <translation>Etiqueta del marcador (opcional)</translation>
    </message>
    <message>
        <source>Marker label</source>
        <translation>Etiqueta del marcador</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>M&amp;ostrar:</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tiempo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Todos los eventos</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>Debriefing</translation>
    </message>
    <message>
        <source>Debrief — {0}</source>
        <translation>Debriefing — {0}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Opening the recording…</source>
        <translation>Abriendo la grabación…</translation>
    </message>
    <message>
        <source>This recording holds no frames.</source>
        <translation>Esta grabación no contiene fotogramas.</translation>
    </message>
    <message>
        <source>the retention period ended</source>
        <translation>terminó el periodo de conservación</translation>
    </message>
    <message>
        <source>This recording was deleted on {0} ({1}); only its record is kept.</source>
        <translation>Esta grabación se eliminó el {0} ({1}); solo se conserva su registro.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo indicado</translation>
    </message>
    <message>
        <source>Taken {0}</source>
        <translation>Grabado el {0}</translation>
    </message>
    <message>
        <source>Debrief marker</source>
        <translation>Marcador de debriefing</translation>
    </message>
    <message>
        <source>Marker added at {0}: {1}</source>
        <translation>Marcador añadido en {0}: {1}</translation>
    </message>
</context>
<context>
    <name>DepthWaveform</name>
    <message>
        <source>Compression depth waveform</source>
        <extracomment>The summary values a checklist item may be judged from (assessments.metrics names). The waveform keeps at most one point per this many pixels of its width. Okabe–Ito colours (safe for colour-blind viewers); text always says the same thing. The points drawn: (device time, depth), None for a gap.</extracomment>
        <translation>Curva de profundidad de las compresiones</translation>
    </message>
    <message>
        <source>target {0}–{1} mm</source>
        <translation>objetivo {0}–{1} mm</translation>
    </message>
</context>
<context>
    <name>EncounterPanel</name>
    <message>
        <source>Start (F5)</source>
        <extracomment>The timer&apos;s state is saved at least this often (seconds on the station clock). Below this height the encounter uses its compact layout (a smaller clock). What the missing box names in its line, and how many &quot;Go to&quot; buttons it shows: the rest is counted, so the box stays small and the checklist keeps its room. The CPR segment whose trace is being recorded (a device station, open).</extracomment>
        <translation>Iniciar (F5)</translation>
    </message>
    <message>
        <source>Skip reading (F6)</source>
        <translation>Omitir la lectura (F6)</translation>
    </message>
    <message>
        <source>Pause (F8)</source>
        <translation>Pausa (F8)</translation>
    </message>
    <message>
        <source>Why pause? (Enter to pause)</source>
        <translation>¿Por qué la pausa? (Intro para pausar)</translation>
    </message>
    <message>
        <source>Show score (F9)</source>
        <translation>Mostrar la puntuación (F9)</translation>
    </message>
    <message>
        <source>Submit incomplete</source>
        <translation>Enviar incompleto</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>Enviar (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>Next candidate (Ctrl+N)</source>
        <translation>Siguiente candidato (Ctrl+N)</translation>
    </message>
    <message>
        <source>Back to check-in</source>
        <translation>Volver al registro de llegada</translation>
    </message>
    <message>
        <source>Before the clock starts: choose another candidate (this one stays checked in)</source>
        <translation>Antes de iniciar el reloj: elegir otro candidato (su llegada sigue registrada)</translation>
    </message>
    <message>
        <source>Record CPR metrics (F7)</source>
        <translation>Registrar las métricas de RCP (F7)</translation>
    </message>
    <message>
        <source>New CPR segment</source>
        <translation>Nuevo segmento de RCP</translation>
    </message>
    <message>
        <source>Candidate {0} · {1}</source>
        <translation>Candidato {0} · {1}</translation>
    </message>
    <message>
        <source>The saved station clock could not be restored ({0}); start it again.</source>
        <translation>No se pudo restaurar el reloj guardado de la estación ({0}); inícielo de nuevo.</translation>
    </message>
    <message>
        <source>Good structure.</source>
        <translation>Buena estructura.</translation>
    </message>
    <message>
        <source>Clear explanation.</source>
        <translation>Explicación clara.</translation>
    </message>
    <message>
        <source>Check identity first.</source>
        <translation>Comprobar primero la identidad.</translation>
    </message>
    <message>
        <source>Feedback for the candidate</source>
        <translation>Comentarios para el candidato</translation>
    </message>
    <message>
        <source>Private notes (not shown to the candidate)</source>
        <translation>Notas privadas (no se muestran al candidato)</translation>
    </message>
    <message>
        <source>Candidate unwell.</source>
        <translation>Candidato indispuesto.</translation>
    </message>
    <message>
        <source>Equipment problem.</source>
        <translation>Problema con el equipo.</translation>
    </message>
    <message>
        <source>Discuss with the coordinator.</source>
        <translation>Comentar con el coordinador.</translation>
    </message>
    <message>
        <source>The CPR metrics could not be stored ({0}); press F7 to try again. The trace is kept in {1}.</source>
        <translation>No se pudieron guardar las métricas de RCP ({0}); pulse F7 para volver a intentarlo. La traza se conserva en {1}.</translation>
    </message>
    <message>
        <source>A CPR trace that could not be stored is kept in {0}.</source>
        <translation>Una traza de RCP que no se pudo guardar se conserva en {0}.</translation>
    </message>
    <message>
        <source>Submit candidate {0}&apos;s encounter with {1} missing? Items not marked count as not done, and a submitted encounter can only be changed by a coordinator&apos;s amendment.</source>
        <translation>¿Enviar el encuentro del candidato {0} con {1} pendiente(s)? Los ítems sin marcar cuentan como no hechos, y un encuentro enviado solo lo cambia la enmienda de un coordinador.</translation>
    </message>
    <message>
        <source>Resume (F8)</source>
        <translation>Reanudar (F8)</translation>
    </message>
    <message>
        <source>CPR (F10)</source>
        <translation>RCP (F10)</translation>
    </message>
    <message>
        <source>Show or fold away the live CPR panel (F10)</source>
        <translation>Mostrar u ocultar el panel de RCP en directo (F10)</translation>
    </message>
    <message>
        <source>The bell could not sound ({0}).</source>
        <translation>La campana no pudo sonar ({0}).</translation>
    </message>
    <message>
        <source>No compressions yet: nothing to record from the manikin.</source>
        <translation>Todavía no hay compresiones: nada que registrar del maniquí.</translation>
    </message>
    <message>
        <source>CPR metrics recorded ({0} compressions).</source>
        <translation>Métricas de RCP registradas ({0} compresiones).</translation>
    </message>
    <message>
        <source>Hide score (F9)</source>
        <translation>Ocultar la puntuación (F9)</translation>
    </message>
    <message>
        <source>Score so far: {0} of {1} ({2})</source>
        <translation>Puntuación hasta ahora: {0} de {1} ({2})</translation>
    </message>
    <message>
        <source>Global rating</source>
        <translation>Valoración global</translation>
    </message>
    <message>
        <source>global rating</source>
        <translation>calificación global</translation>
    </message>
    <message>
        <source>and {0} more</source>
        <translation>y {0} más</translation>
    </message>
    <message>
        <source>Not complete. Missing: {0}</source>
        <translation>Incompleto. Falta: {0}</translation>
    </message>
    <message>
        <source>Go to: {0}</source>
        <translation>Ir a: {0}</translation>
    </message>
    <message>
        <source>✓ Submitted for candidate {0}.</source>
        <translation>✓ Enviado para el candidato {0}.</translation>
    </message>
    <message>
        <source>(submitted incomplete)</source>
        <translation>(enviado incompleto)</translation>
    </message>
    <message>
        <source>Score: {0}</source>
        <translation>Puntuación: {0}</translation>
    </message>
    <message>
        <source>Outcome: {0}</source>
        <translation>Resultado: {0}</translation>
    </message>
    <message>
        <source>This encounter is submitted and locked.</source>
        <translation>Este encuentro está enviado y bloqueado.</translation>
    </message>
    <message>
        <source>Press Start (F5) when the candidate enters: marking opens then.</source>
        <translation>Pulse Iniciar (F5) cuando entre el candidato: entonces se abre la evaluación.</translation>
    </message>
    <message>
        <source>Keys on an item: D done, P partially, N not done, 1-9 rating, Delete clears, O override, Up/Down move.</source>
        <translation>Teclas en un ítem: D hecho, P parcialmente, N no hecho, 1-9 puntuación, Supr borra, O corrección, Arriba/Abajo para moverse.</translation>
    </message>
</context>
<context>
    <name>ExaminerClock</name>
    <message>
        <source>❚❚ Paused</source>
        <extracomment>The time&apos;s size in points: normal, and compact for a short window (1024×700).</extracomment>
        <translation>❚❚ En pausa</translation>
    </message>
    <message>
        <source>○ Not started</source>
        <translation>○ Sin empezar</translation>
    </message>
    <message>
        <source>◔ Reading time</source>
        <translation>◔ Tiempo de lectura</translation>
    </message>
    <message>
        <source>▶ Running</source>
        <translation>▶ En curso</translation>
    </message>
    <message>
        <source>▲ Warning: time almost up</source>
        <translation>▲ Aviso: el tiempo casi se acaba</translation>
    </message>
    <message>
        <source>■ Ended</source>
        <translation>■ Terminado</translation>
    </message>
    <message>
        <source>■ Ended: changeover</source>
        <translation>■ Terminado: cambio</translation>
    </message>
    <message>
        <source>(overtime)</source>
        <translation>(tiempo extra)</translation>
    </message>
</context>
<context>
    <name>ExaminerStation</name>
    <message>
        <source>The device URL is not valid: {0}</source>
        <translation>La URL del dispositivo no es válida: {0}</translation>
    </message>
    <message>
        <source>Resumed the unsubmitted encounter with candidate {0}.</source>
        <translation>Se reanudó el encuentro no enviado con el candidato {0}.</translation>
    </message>
</context>
<context>
    <name>ExaminerWorkspace</name>
    <message>
        <source>Examiner&apos;s station</source>
        <translation>Puesto del examinador</translation>
    </message>
    <message>
        <source>Scenario console</source>
        <translation>Consola de escenario</translation>
    </message>
    <message>
        <source>Switch tabs with Ctrl+PgDown and Ctrl+PgUp</source>
        <translation>Cambie de pestaña con Ctrl+AvPág y Ctrl+RePág</translation>
    </message>
</context>
<context>
    <name>ExamsPanel</name>
    <message>
        <source>Station definitions</source>
        <extracomment>Item data: what create_exam is given for a station (a key or a DefinitionRef). An exam was created (its code), so the console selects it once reloaded.</extracomment>
        <translation>Definiciones de estación</translation>
    </message>
    <message>
        <source>Definition file to import</source>
        <translation>Archivo de definición que importar</translation>
    </message>
    <message>
        <source>Station definitions (*.yaml *.yml)</source>
        <translation>Definiciones de estación (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>&amp;Import definition</source>
        <translation>&amp;Importar la definición</translation>
    </message>
    <message>
        <source>Import a YAML definition (it is checked first):</source>
        <translation>Importar una definición YAML (se comprueba primero):</translation>
    </message>
    <message>
        <source>New exam</source>
        <translation>Nuevo examen</translation>
    </message>
    <message>
        <source>by the standard set later</source>
        <translation>según el estándar fijado después</translation>
    </message>
    <message>
        <source>Stations, in circuit order</source>
        <translation>Estaciones, en el orden del circuito</translation>
    </message>
    <message>
        <source>&amp;Create exam</source>
        <translation>&amp;Crear el examen</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Código:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <source>Starts at:</source>
        <translation>Comienza:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Pass mark:</source>
        <translation>Nota de aprobado:</translation>
    </message>
    <message>
        <source>Stations (tick; circuit order):</source>
        <translation>Estaciones (marque; orden del circuito):</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Ningún examen elegido.</translation>
    </message>
    <message>
        <source>Stations and examiners</source>
        <translation>Estaciones y examinadores</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Examiners</source>
        <translation>Examinadores</translation>
    </message>
    <message>
        <source>Station to staff</source>
        <translation>Estación que asignar</translation>
    </message>
    <message>
        <source>Examiner to assign</source>
        <translation>Examinador que asignar</translation>
    </message>
    <message>
        <source>Candidate roster</source>
        <translation>Lista de candidatos</translation>
    </message>
    <message>
        <source>Roster CSV file</source>
        <translation>Archivo CSV de candidatos</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Import &amp;roster</source>
        <translation>Importar la &amp;lista</translation>
    </message>
    <message>
        <source>Columns: candidate_id, family_name, given_name; email, group optional.</source>
        <translation>Columnas: candidate_id, family_name, given_name; email, group opcionales.</translation>
    </message>
    <message>
        <source>Rotation timetable</source>
        <translation>Horario de rotación</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Open exam</source>
        <translation>Abrir el examen</translation>
    </message>
    <message>
        <source>Close exam</source>
        <translation>Cerrar el examen</translation>
    </message>
    <message>
        <source>Assi&amp;gn examiner</source>
        <translation>Asignar el exa&amp;minador</translation>
    </message>
    <message>
        <source>Plan the ti&amp;metable</source>
        <translation>Planificar el &amp;horario</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Ciclo</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Candidato</translation>
    </message>
    <message>
        <source>{0} (bundled)</source>
        <translation>{0} (incluida)</translation>
    </message>
    <message>
        <source>{0} candidates</source>
        <translation>{0} candidatos</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguna todavía</translation>
    </message>
    <message>
        <source>rest</source>
        <translation>descanso</translation>
    </message>
    <message>
        <source>Choose a definition file first.</source>
        <translation>Elija primero un archivo de definición.</translation>
    </message>
    <message>
        <source>Imported {0} v{1}.</source>
        <translation>{0} v{1} importada.</translation>
    </message>
    <message>
        <source>{0} v{1} was already stored.</source>
        <translation>{0} v{1} ya estaba guardada.</translation>
    </message>
    <message>
        <source>Give the exam a code.</source>
        <translation>Dé un código al examen.</translation>
    </message>
    <message>
        <source>Give the exam a title.</source>
        <translation>Dé un título al examen.</translation>
    </message>
    <message>
        <source>Tick at least one station.</source>
        <translation>Marque al menos una estación.</translation>
    </message>
    <message>
        <source>Exam {0} created.</source>
        <translation>Examen {0} creado.</translation>
    </message>
    <message>
        <source>Choose a station and an examiner first.</source>
        <translation>Elija primero una estación y un examinador.</translation>
    </message>
    <message>
        <source>{0} assigned to {1}.</source>
        <translation>{0} asignado a {1}.</translation>
    </message>
    <message>
        <source>Choose a roster CSV file first.</source>
        <translation>Elija primero un archivo CSV de candidatos.</translation>
    </message>
    <message>
        <source>{0} rows: {1} entered for this exam ({2} new candidates), {3} already.</source>
        <translation>{0} filas: {1} inscritas en este examen ({2} candidatos nuevos), {3} ya estaban.</translation>
    </message>
    <message>
        <source>Nothing was imported: {0} problem(s). Correct the file and import again.</source>
        <translation>No se importó nada: {0} problema(s). Corrija el archivo e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>Timetable planned for {0}.</source>
        <translation>Horario planificado para {0}.</translation>
    </message>
</context>
<context>
    <name>ExportsPanel</name>
    <message>
        <source>Where and how</source>
        <translation>Dónde y cómo</translation>
    </message>
    <message>
        <source>Folder to write into</source>
        <translation>Carpeta de destino</translation>
    </message>
    <message>
        <source>Candidate reports before the release (each page marked draft)</source>
        <translation>Informes de los candidatos antes de publicar (cada página marcada como borrador)</translation>
    </message>
    <message>
        <source>xAPI home page</source>
        <translation>Página de inicio xAPI</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Carpeta:</translation>
    </message>
    <message>
        <source>xAPI &amp;home page:</source>
        <translation>&amp;Página de inicio xAPI:</translation>
    </message>
    <message>
        <source>Results CSV</source>
        <translation>Resultados (CSV)</translation>
    </message>
    <message>
        <source>Item marks CSV</source>
        <translation>Marcas por ítem (CSV)</translation>
    </message>
    <message>
        <source>Results workbook (XLSX)</source>
        <translation>Libro de resultados (XLSX)</translation>
    </message>
    <message>
        <source>xAPI statements (JSON)</source>
        <translation>Declaraciones xAPI (JSON)</translation>
    </message>
    <message>
        <source>Candidate reports (zip of PDFs)</source>
        <translation>Informes de los candidatos (zip de PDF)</translation>
    </message>
    <message>
        <source>Exam report (PDF)</source>
        <translation>Informe del examen (PDF)</translation>
    </message>
    <message>
        <source>Candidate reports (folder of PDFs)</source>
        <translation>Informes de los candidatos (carpeta de PDF)</translation>
    </message>
    <message>
        <source>Candidate badges (PDF)</source>
        <translation>Credenciales de los candidatos (PDF)</translation>
    </message>
    <message>
        <source>Blank checklists (PDF)</source>
        <translation>Listas en blanco (PDF)</translation>
    </message>
    <message>
        <source>Timetable (PDF)</source>
        <translation>Horario (PDF)</translation>
    </message>
    <message>
        <source>Each runs in the background; the station stays usable meanwhile.</source>
        <translation>Cada uno se ejecuta en segundo plano; la estación sigue usable mientras tanto.</translation>
    </message>
    <message>
        <source>{0}: cannot create the folder ({1}); choose another.</source>
        <translation>{0}: no se puede crear la carpeta ({1}); elija otra.</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>Welcome: this station is ready to try</source>
        <translation>Bienvenido: esta estación está lista para probarla</translation>
    </message>
    <message>
        <source>A practice exam {exam} with demonstration candidates and a simulated manikin is set up. These accounts were created; their secrets are shown only now:</source>
        <translation>Se ha preparado un examen de práctica {exam} con candidatos de demostración y un maniquí simulado. Se crearon estas cuentas; sus claves solo se muestran ahora:</translation>
    </message>
    <message>
        <source>Coordinator: username {user}, password {secret}</source>
        <translation>Coordinador: usuario {user}, contraseña {secret}</translation>
    </message>
    <message>
        <source>Examiner: username {user}, PIN {secret}</source>
        <translation>Examinador: usuario {user}, PIN {secret}</translation>
    </message>
    <message>
        <source>Write them down now: they leave this screen at the first sign-in. Change them (the PIN… or Password… button at the top once signed in), or add your own accounts and deactivate these, before a real exam. A forgotten PIN or password is reset by a coordinator (Users, then Reset PIN…).</source>
        <translation>Anótelos ahora: desaparecen de esta pantalla con el primer inicio de sesión. Cámbielos (el botón PIN… o Contraseña… arriba, una vez iniciada la sesión), o añada sus propias cuentas y desactive estas, antes de un examen real. Un PIN o contraseña olvidados los restablece un coordinador (Usuarios, luego Nuevo PIN…).</translation>
    </message>
    <message>
        <source>I have noted them</source>
        <translation>Las he anotado</translation>
    </message>
</context>
<context>
    <name>FrameReader</name>
    <message>
        <source>{0} is missing: this part of the recording cannot be shown.</source>
        <translation>Falta {0}: esta parte de la grabación no se puede mostrar.</translation>
    </message>
    <message>
        <source>{0} cannot be opened: the file is damaged.</source>
        <translation>No se puede abrir {0}: el archivo está dañado.</translation>
    </message>
    <message>
        <source>Frame {0} is not in the recording.</source>
        <translation>El fotograma {0} no está en la grabación.</translation>
    </message>
    <message>
        <source>Frame {0} of {1} cannot be read: the file is damaged or cut short.</source>
        <translation>No se puede leer el fotograma {0} de {1}: el archivo está dañado o incompleto.</translation>
    </message>
    <message>
        <source>Frame {0} cannot be decoded: {1}</source>
        <translation>No se puede decodificar el fotograma {0}: {1}</translation>
    </message>
</context>
<context>
    <name>GradeRow</name>
    <message>
        <source>Global rating</source>
        <translation>Valoración global</translation>
    </message>
    <message>
        <source>○ not given</source>
        <translation>○ sin dar</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… guardando</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ guardado</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ no guardado</translation>
    </message>
    <message>
        <source>! missing</source>
        <translation>! falta</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>My practice attempts</source>
        <translation>Mis prácticas</translation>
    </message>
    <message>
        <source>Save practice report (&amp;PDF)</source>
        <translation>Guardar el informe de práctica (&amp;PDF)</translation>
    </message>
    <message>
        <source>&amp;Watch the recording</source>
        <translation>Ver la &amp;grabación</translation>
    </message>
    <message>
        <source>&amp;Back to the skills</source>
        <translation>&amp;Volver a las habilidades</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Skill</source>
        <translation>Habilidad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completada</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>abandonada</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>! Critical</source>
        <extracomment>The examiner chose a value (None: cleared). The examiner overrides a device-scored item: (item id, value, reason). Move the focus by this many rows.</extracomment>
        <translation>! Crítico</translation>
    </message>
    <message>
        <source>A critical item: missing it fails the station</source>
        <translation>Ítem crítico: omitirlo suspende la estación</translation>
    </message>
    <message>
        <source>Within {0} s</source>
        <translation>En menos de {0} s</translation>
    </message>
    <message>
        <source>Scored by the device: {0}</source>
        <translation>Puntuado por el dispositivo: {0}</translation>
    </message>
    <message>
        <source>✓ Done now (D)</source>
        <translation>✓ Hecho ahora (D)</translation>
    </message>
    <message>
        <source>✓ Done (D)</source>
        <translation>✓ Hecho (D)</translation>
    </message>
    <message>
        <source>◐ Partially (P)</source>
        <translation>◐ Parcialmente (P)</translation>
    </message>
    <message>
        <source>✗ Not done (N)</source>
        <translation>✗ No hecho (N)</translation>
    </message>
    <message>
        <source>Override… (O)</source>
        <translation>Corregir… (O)</translation>
    </message>
    <message>
        <source>✓ Done</source>
        <translation>✓ Hecho</translation>
    </message>
    <message>
        <source>✗ Not done</source>
        <translation>✗ No hecho</translation>
    </message>
    <message>
        <source>Reason for the override (required)</source>
        <translation>Motivo de la corrección (obligatorio)</translation>
    </message>
    <message>
        <source>Apply override</source>
        <translation>Aplicar la corrección</translation>
    </message>
    <message>
        <source>Choose done or not done</source>
        <translation>Elija hecho o no hecho</translation>
    </message>
    <message>
        <source>Give a reason</source>
        <translation>Indique un motivo</translation>
    </message>
    <message>
        <source>✓ done</source>
        <translation>✓ hecho</translation>
    </message>
    <message>
        <source>◐ partially</source>
        <translation>◐ parcialmente</translation>
    </message>
    <message>
        <source>✗ not done</source>
        <translation>✗ no hecho</translation>
    </message>
    <message>
        <source>rated {0}</source>
        <translation>puntuado {0}</translation>
    </message>
    <message>
        <source>override</source>
        <translation>corrección</translation>
    </message>
    <message>
        <source>device</source>
        <translation>dispositivo</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>a los {0}</translation>
    </message>
    <message>
        <source>○ not marked</source>
        <translation>○ sin marcar</translation>
    </message>
    <message>
        <source>… saving</source>
        <translation>… guardando</translation>
    </message>
    <message>
        <source>✓ saved</source>
        <translation>✓ guardado</translation>
    </message>
    <message>
        <source>✗ not saved</source>
        <translation>✗ no guardado</translation>
    </message>
    <message>
        <source>! missing</source>
        <translation>! falta</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel</source>
        <extracomment>The file each job writes, by job name ({code}: the exam code); a folder for &quot;reports&quot;.</extracomment>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Abrir la carpeta</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Trabajando…</translation>
    </message>
    <message>
        <source>Written: {0}</source>
        <translation>Escrito: {0}</translation>
    </message>
    <message>
        <source>Cancelled; no partial file was left.</source>
        <translation>Cancelado; no quedó ningún archivo parcial.</translation>
    </message>
</context>
<context>
    <name>LivePractice</name>
    <message>
        <source>Depth</source>
        <extracomment>The display timer&apos;s interval: about 33 frames a second, so that late frames still keep above 30 a second. Rate shown on the dial: the mean of the last few compressions&apos; rates. Where the feedback comes from: the manikin&apos;s sensor, or a camera (rate only). The camera preview&apos;s size on the page, in pixels (4:3). The trainee asked to finish (F10) or to abandon (Escape) the attempt. The running session&apos;s trace, recorded beside the panel (a manikin session).</extracomment>
        <translation>Profundidad</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Frecuencia</translation>
    </message>
    <message>
        <source>Recoil (release)</source>
        <translation>Descompresión</translation>
    </message>
    <message>
        <source>Hands off</source>
        <translation>Sin manos</translation>
    </message>
    <message>
        <source>Metronome at 110 /min (M)</source>
        <translation>Metrónomo a 110 /min (M)</translation>
    </message>
    <message>
        <source>Finish and score (F10)</source>
        <translation>Terminar y puntuar (F10)</translation>
    </message>
    <message>
        <source>Abandon (Esc)</source>
        <translation>Abandonar (Esc)</translation>
    </message>
    <message>
        <source>{0} — {1} targets: {2}–{3} mm, {4}–{5} /min</source>
        <translation>{0} — objetivos {1}: {2}–{3} mm, {4}–{5} /min</translation>
    </message>
    <message>
        <source>Push hard: {0}–{1} mm</source>
        <translation>Presione fuerte: {0}–{1} mm</translation>
    </message>
    <message>
        <source>▼ Too shallow: push deeper</source>
        <translation>▼ Demasiado superficial: presione más</translation>
    </message>
    <message>
        <source>▲ Too deep: ease off</source>
        <translation>▲ Demasiado profundo: presione menos</translation>
    </message>
    <message>
        <source>✓ Good depth</source>
        <translation>✓ Profundidad correcta</translation>
    </message>
    <message>
        <source>Aim for {0}–{1} /min</source>
        <translation>Apunte a {0}–{1} /min</translation>
    </message>
    <message>
        <source>{0} /min</source>
        <translation>{0} /min</translation>
    </message>
    <message>
        <source>Finish (F10)</source>
        <translation>Terminar (F10)</translation>
    </message>
    <message>
        <source>Rate from the camera. Depth and recoil need a manikin. Keep the camera still, with the rescuer&apos;s arms and shoulders in view from the side; the rate shows after about 5 s of compressions.</source>
        <translation>Frecuencia medida por la cámara. La profundidad y la descompresión requieren un maniquí. Mantenga la cámara quieta, con los brazos y los hombros del reanimador visibles de lado; la frecuencia aparece tras unos 5 s de compresiones.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Sin imagen</translation>
    </message>
    <message>
        <source>Needs a manikin</source>
        <translation>Requiere un maniquí</translation>
    </message>
    <message>
        <source>Waiting for the camera</source>
        <translation>Esperando a la cámara</translation>
    </message>
    <message>
        <source>Looking for the compressions…</source>
        <translation>Buscando las compresiones…</translation>
    </message>
    <message>
        <source>No compressions seen</source>
        <translation>No se ven compresiones</translation>
    </message>
    <message>
        <source>No steady rhythm seen</source>
        <translation>No se ve un ritmo regular</translation>
    </message>
    <message>
        <source>▼ Too slow: speed up</source>
        <translation>▼ Demasiado lento: acelere</translation>
    </message>
    <message>
        <source>▲ Too fast: slow down</source>
        <translation>▲ Demasiado rápido: vaya más despacio</translation>
    </message>
    <message>
        <source>✓ Good rate</source>
        <translation>✓ Frecuencia correcta</translation>
    </message>
    <message>
        <source>Let the chest come all the way up</source>
        <translation>Deje que el tórax suba del todo</translation>
    </message>
    <message>
        <source>✓ Full release</source>
        <translation>✓ Descompresión completa</translation>
    </message>
    <message>
        <source>✗ Leaning: release fully</source>
        <translation>✗ Apoyo residual: descomprima del todo</translation>
    </message>
    <message>
        <source>Starts with the first compression</source>
        <translation>Empieza con la primera compresión</translation>
    </message>
    <message>
        <source>✓ Hands on</source>
        <translation>✓ Manos en posición</translation>
    </message>
    <message>
        <source>▲ Hands off: keep pauses under {0} s</source>
        <translation>▲ Sin manos: pausas de menos de {0} s</translation>
    </message>
    <message>
        <source>✖ Resume compressions now</source>
        <translation>✖ Reanude las compresiones ahora</translation>
    </message>
    <message>
        <source>○ No camera</source>
        <translation>○ Sin cámara</translation>
    </message>
    <message>
        <source>● Camera: {0} — rate only</source>
        <translation>● Cámara: {0} — solo frecuencia</translation>
    </message>
    <message>
        <source>◌ Opening the camera {0}…</source>
        <translation>◌ Abriendo la cámara {0}…</translation>
    </message>
    <message>
        <source>■ The video has ended: finish the attempt (F10)</source>
        <translation>■ El vídeo ha terminado: termine el intento (F10)</translation>
    </message>
    <message>
        <source>✖ The camera could not be opened: check the settings</source>
        <translation>✖ No se pudo abrir la cámara: compruebe los ajustes</translation>
    </message>
    <message>
        <source>✖ The camera stopped: check its cable, then start again</source>
        <translation>✖ La cámara se ha detenido: compruebe su cable y vuelva a empezar</translation>
    </message>
    <message>
        <source>○ No device</source>
        <translation>○ Sin dispositivo</translation>
    </message>
    <message>
        <source>● Device connected: {0}</source>
        <translation>● Dispositivo conectado: {0}</translation>
    </message>
    <message>
        <source>◌ Connecting to the device {0}…</source>
        <translation>◌ Conectando con el dispositivo {0}…</translation>
    </message>
    <message>
        <source>✖ Device disconnected — reconnecting; feedback resumes when it is back</source>
        <translation>✖ Dispositivo desconectado — reconectando; la información se reanuda cuando vuelva</translation>
    </message>
    <message>
        <source>adult</source>
        <translation>adulto</translation>
    </message>
    <message>
        <source>child</source>
        <translation>niño</translation>
    </message>
    <message>
        <source>infant</source>
        <translation>lactante</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <source>Station locked</source>
        <translation>Estación bloqueada</translation>
    </message>
    <message>
        <source>Locked after a period without use. Everything underneath is kept as it was; {user} unlocks with their password or PIN.</source>
        <translation>Bloqueada tras un periodo sin uso. Todo lo que hay debajo se conserva tal cual; {user} la desbloquea con su contraseña o PIN.</translation>
    </message>
    <message>
        <source>Locked by {user}. Everything underneath is kept as it was; {user} unlocks with their password or PIN.</source>
        <translation>Bloqueada por {user}. Todo lo que hay debajo se conserva tal cual; {user} desbloquea con su contraseña o PIN.</translation>
    </message>
    <message>
        <source>Sign out {user} and sign in as someone else</source>
        <translation>Cerrar la sesión de {user} e iniciar sesión como otra persona</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <source>&amp;Password or PIN</source>
        <translation>&amp;Contraseña o PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>Type your username and your password or PIN.</source>
        <translation>Escriba su usuario y su contraseña o PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts: this account is locked for %n minute(s). Wait, or ask a coordinator to unlock it.</source>
        <translation>
            <numerusform>Demasiados intentos fallidos: esta cuenta está bloqueada durante %n minuto. Espere o pida a un coordinador que la desbloquee.</numerusform>
            <numerusform>Demasiados intentos fallidos: esta cuenta está bloqueada durante %n minutos. Espere o pida a un coordinador que la desbloquee.</numerusform>
        </translation>
    </message>
    <message>
        <source>This account is deactivated; ask a coordinator to reactivate it.</source>
        <translation>Esta cuenta está desactivada; pida a un coordinador que la reactive.</translation>
    </message>
    <message>
        <source>Wrong username or password/PIN. Check both and try again.</source>
        <translation>Usuario o contraseña/PIN incorrectos. Compruebe ambos e inténtelo de nuevo.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Sign in with your account: coordinators, examiners and trainees.</source>
        <translation>Inicie sesión con su cuenta: coordinadores, examinadores y estudiantes.</translation>
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
        <translation>No se pudo guardar el idioma: {0}</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Sign out {user}? Every mark made is saved; an encounter in progress stays a draft and resumes when you sign in again.</source>
        <translation>¿Cerrar la sesión de {user}? Cada nota dada está guardada; un encuentro en curso queda como borrador y se reanuda cuando vuelva a iniciar sesión.</translation>
    </message>
</context>
<context>
    <name>MarkWords</name>
    <message>
        <source>✓ Done</source>
        <translation>✓ Hecho</translation>
    </message>
    <message>
        <source>◐ Partly</source>
        <translation>◐ En parte</translation>
    </message>
    <message>
        <source>✗ Not done</source>
        <translation>✗ No hecho</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <extracomment>How long an info message stays before it clears itself, in milliseconds (warnings and errors stay until dismissed). The line&apos;s fixed height: one line of text beside a touch-sized dismiss button.</extracomment>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <source>Patient monitor</source>
        <translation>Monitor del paciente</translation>
    </message>
</context>
<context>
    <name>OperatorView</name>
    <message>
        <source>{0} — candidate {1}</source>
        <translation>{0} — candidato {1}</translation>
    </message>
    <message>
        <source>Start scenario (Ctrl+Enter)</source>
        <translation>Iniciar el escenario (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>Pause (Ctrl+P)</source>
        <translation>Pausa (Ctrl+P)</translation>
    </message>
    <message>
        <source>End scenario (Ctrl+E)</source>
        <translation>Terminar el escenario (Ctrl+E)</translation>
    </message>
    <message>
        <source>Monitor window (Ctrl+M)</source>
        <translation>Ventana del monitor (Ctrl+M)</translation>
    </message>
    <message>
        <source>Next candidate (Ctrl+N)</source>
        <translation>Siguiente candidato (Ctrl+N)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Event · when</source>
        <translation>Evento · cuándo</translation>
    </message>
    <message>
        <source>Fire selected now (Ctrl+Shift+F)</source>
        <translation>Disparar ya (Ctrl+Mayús+F)</translation>
    </message>
    <message>
        <source>Fire the selected timeline event now</source>
        <translation>Disparar ahora el evento elegido de la cronología</translation>
    </message>
    <message>
        <source>Operator&apos;s events</source>
        <translation>Eventos del operador</translation>
    </message>
    <message>
        <source>Alt+{0}</source>
        <translation>Alt+{0}</translation>
    </message>
    <message>
        <source>This scenario has none.</source>
        <translation>Este escenario no tiene.</translation>
    </message>
    <message>
        <source>Note for the debrief, then Enter (Ctrl+T)</source>
        <translation>Nota para el debriefing y luego Intro (Ctrl+T)</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Añadir nota</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Cronología</translation>
    </message>
    <message>
        <source>Manikin</source>
        <translation>Maniquí</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Registro de eventos</translation>
    </message>
    <message>
        <source>by the operator</source>
        <translation>por el operador</translation>
    </message>
    <message>
        <source>at {0}</source>
        <translation>a los {0}</translation>
    </message>
    <message>
        <source>{0} s after {1}</source>
        <translation>{0} s después de {1}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hecho</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>no hecho</translation>
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
        <translation>Lanzado</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>No lanzado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Resume (Ctrl+P)</source>
        <translation>Reanudar (Ctrl+P)</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Sin empezar</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>EN PAUSA</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>({0} left)</source>
        <translation>(quedan {0})</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>no guardado</translation>
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
        <translation>Ritmo</translation>
    </message>
</context>
<context>
    <name>PracticeStation</name>
    <message>
        <source>No camera is set: choose one in the settings.</source>
        <translation>No hay ninguna cámara configurada: elija una en los ajustes.</translation>
    </message>
    <message>
        <source>The camera URL is not valid: {0}</source>
        <translation>La URL de la cámara no es válida: {0}</translation>
    </message>
    <message>
        <source>No feedback device is set: choose one in the settings.</source>
        <translation>No hay ningún dispositivo de información: elija uno en los ajustes.</translation>
    </message>
    <message>
        <source>The device URL is not valid: {0}</source>
        <translation>La URL del dispositivo no es válida: {0}</translation>
    </message>
    <message>
        <source>The attempt could not be stored ({0}); press Finish to try again, or Abandon. Its trace is kept in {1}.</source>
        <translation>No se pudo guardar la práctica ({0}); pulse Terminar para volver a intentarlo, o Abandonar. Su traza se conserva en {1}.</translation>
    </message>
    <message>
        <source>The attempt was abandoned.</source>
        <translation>La práctica se abandonó.</translation>
    </message>
    <message>
        <source>The attempt is not being recorded: {0}</source>
        <translation>El intento no se está grabando: {0}</translation>
    </message>
    <message>
        <source>The video of the attempt was saved ({0} frames).</source>
        <translation>Se ha guardado el vídeo del intento ({0} fotogramas).</translation>
    </message>
    <message>
        <source>◌ Starting the camera to record…</source>
        <translation>◌ Iniciando la cámara para grabar…</translation>
    </message>
    <message>
        <source>● Recording {0}</source>
        <translation>● Grabando {0}</translation>
    </message>
    <message>
        <source>{0} frames dropped</source>
        <translation>{0} fotogramas perdidos</translation>
    </message>
    <message>
        <source>■ Saving the video…</source>
        <translation>■ Guardando el vídeo…</translation>
    </message>
    <message>
        <source>✖ The recording stopped: {0}</source>
        <translation>✖ La grabación se ha detenido: {0}</translation>
    </message>
    <message>
        <source>Save practice report</source>
        <translation>Guardar el informe de práctica</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Practice report saved to {0}.</source>
        <translation>Informe de práctica guardado en {0}.</translation>
    </message>
</context>
<context>
    <name>PreCheckPanel</name>
    <message>
        <source>Pre-exam check</source>
        <translation>Comprobación previa al examen</translation>
    </message>
    <message>
        <source>Manikin</source>
        <translation>Maniquí</translation>
    </message>
    <message>
        <source>Bell</source>
        <translation>Campana</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Reloj</translation>
    </message>
    <message>
        <source>Test the bell (T)</source>
        <translation>Probar la campana (T)</translation>
    </message>
    <message>
        <source>Continue to check-in (Enter)</source>
        <translation>Continuar al registro de llegada (Intro)</translation>
    </message>
    <message>
        <source>◉ Visual bell</source>
        <translation>◉ Aviso visual</translation>
    </message>
    <message>
        <source>No device is configured for this station.</source>
        <translation>No hay ningún dispositivo configurado para esta estación.</translation>
    </message>
    <message>
        <source>Streaming from {0}{1} {2}</source>
        <translation>Recibiendo datos de {0}{1} {2}</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>Conectando con {0}…</translation>
    </message>
    <message>
        <source>Not connected ({0}): {1}. Check the cable and the device URL in the settings.</source>
        <translation>No conectado ({0}): {1}. Compruebe el cable y la URL del dispositivo en los ajustes.</translation>
    </message>
    <message>
        <source> Tested.</source>
        <translation> Probada.</translation>
    </message>
    <message>
        <source>Sound through {0}.</source>
        <translation>Sonido a través de {0}.</translation>
    </message>
    <message>
        <source> Visual bell on.</source>
        <translation> Aviso visual activado.</translation>
    </message>
    <message>
        <source>sound is off in the settings</source>
        <translation>el sonido está desactivado en los ajustes</translation>
    </message>
    <message>
        <source>no sound output: install PySide6-Addons (Qt Multimedia) or a sound player (pipewire, pulseaudio-utils or alsa-utils)</source>
        <translation>sin salida de sonido: instale PySide6-Addons (Qt Multimedia) o un reproductor de sonido (pipewire, pulseaudio-utils o alsa-utils)</translation>
    </message>
    <message>
        <source>Visual bell only ({0}).</source>
        <translation>Solo aviso visual ({0}).</translation>
    </message>
    <message>
        <source>No bell: there is no sound output and the visual bell is off. Turn the visual bell on in the settings.</source>
        <translation>Sin campana: no hay salida de sonido y el aviso visual está desactivado. Active el aviso visual en los ajustes.</translation>
    </message>
    <message>
        <source>this computer&apos;s clock; phases timed on its monotonic clock</source>
        <translation>el reloj de este ordenador; fases cronometradas con su reloj monótono</translation>
    </message>
    <message>
        <source>a simulated clock ({0})</source>
        <translation>un reloj simulado ({0})</translation>
    </message>
    <message>
        <source>Station clock {0} — source: {1}.</source>
        <translation>Reloj de la estación {0} — fuente: {1}.</translation>
    </message>
</context>
<context>
    <name>ProgressBoard</name>
    <message>
        <source>Refresh automati&amp;cally</source>
        <extracomment>How often the board reads the database while shown (milliseconds). Candidate number -&gt; name as people read it (station.names). Station key -&gt; title.</extracomment>
        <translation>Actualizar automáti&amp;camente</translation>
    </message>
    <message>
        <source>Progress: candidates by station</source>
        <translation>Progreso: candidatos por estación</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Ningún examen elegido.</translation>
    </message>
    <message>
        <source>{0} of {1} done · {2} in progress · {3} no-shows · updated {4}</source>
        <translation>{0} de {1} hechos · {2} en curso · {3} ausentes · actualizado {4}</translation>
    </message>
    <message>
        <source>Double-click or Enter: open the result</source>
        <translation>Doble clic o Intro: abrir el resultado</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <source>Scores of my attempts over time</source>
        <translation>Puntuaciones de mis prácticas a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Scored attempts, oldest to newest</source>
        <translation>Prácticas puntuadas, de la más antigua a la más reciente</translation>
    </message>
    <message>
        <source>No scored attempts yet</source>
        <translation>Todavía no hay prácticas puntuadas</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <source>What the camera sees</source>
        <translation>Lo que ve la cámara</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambiar</translation>
    </message>
    <message>
        <source>Ask the consent question again</source>
        <translation>Volver a preguntar por el consentimiento</translation>
    </message>
    <message>
        <source>Marker (M)</source>
        <translation>Marcador (M)</translation>
    </message>
    <message>
        <source>Mark this moment of the recording</source>
        <translation>Marcar este momento de la grabación</translation>
    </message>
    <message>
        <source>Not recording: {0}</source>
        <translation>Sin grabación: {0}</translation>
    </message>
    <message>
        <source>Marker {0}</source>
        <translation>Marcador {0}</translation>
    </message>
    <message>
        <source>Recording: {0}</source>
        <translation>Grabación: {0}</translation>
    </message>
    <message>
        <source>○ Not recording — no camera set up</source>
        <translation>○ Sin grabación — no hay cámara configurada</translation>
    </message>
    <message>
        <source>● REC {0}</source>
        <translation>● REC {0}</translation>
    </message>
    <message>
        <source>… Starting the camera</source>
        <translation>… Iniciando la cámara</translation>
    </message>
    <message>
        <source>… Finishing the recording</source>
        <translation>… Finalizando la grabación</translation>
    </message>
    <message>
        <source>✖ Not recording — camera problem</source>
        <translation>✖ Sin grabación — problema de la cámara</translation>
    </message>
    <message>
        <source>✖ Recording stopped — the disk is full</source>
        <translation>✖ Grabación detenida — el disco está lleno</translation>
    </message>
    <message>
        <source>■ Recording stopped ({0} frames, {1})</source>
        <translation>■ Grabación detenida ({0} fotogramas, {1})</translation>
    </message>
    <message>
        <source>○ Not recording — no consent</source>
        <translation>○ Sin grabación — sin consentimiento</translation>
    </message>
    <message>
        <source>○ Not recording — consent not asked yet</source>
        <translation>○ Sin grabación — aún no se ha preguntado por el consentimiento</translation>
    </message>
    <message>
        <source>○ Ready: recording starts with the station clock</source>
        <translation>○ Listo: la grabación empieza con el reloj de la estación</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>off</source>
        <translation>apagada</translation>
    </message>
    <message>
        <source>Camera: {0}</source>
        <translation>Cámara: {0}</translation>
    </message>
    <message>
        <source>Dropped frames: {0}</source>
        <translation>Fotogramas perdidos: {0}</translation>
    </message>
    <message>
        <source>Free disk: —</source>
        <translation>Disco libre: —</translation>
    </message>
    <message>
        <source>▲ Free disk: {0} (low)</source>
        <translation>▲ Disco libre: {0} (poco)</translation>
    </message>
    <message>
        <source>Free disk: {0}</source>
        <translation>Disco libre: {0}</translation>
    </message>
    <message>
        <source>Marker (M) · {0}</source>
        <translation>Marcador (M) · {0}</translation>
    </message>
    <message>
        <source>The candidate consents to video recording:</source>
        <translation>El candidato consiente la grabación en vídeo:</translation>
    </message>
    <message>
        <source>✔ Consent to recording: given</source>
        <translation>✔ Consentimiento para grabar: dado</translation>
    </message>
    <message>
        <source>✖ Consent to recording: refused</source>
        <translation>✖ Consentimiento para grabar: rechazado</translation>
    </message>
    <message>
        <source>? Consent to recording: not asked</source>
        <translation>? Consentimiento para grabar: no preguntado</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>abriendo</translation>
    </message>
    <message>
        <source>capturing</source>
        <translation>capturando</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>con fallo</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenida</translation>
    </message>
</context>
<context>
    <name>RecordingsPanel</name>
    <message>
        <source>Exa&amp;m:</source>
        <extracomment>Filter values. States of a recording, as the filter and the State column name them. Consent filter values. A player window was opened (tests and the console keep track of it).</extracomment>
        <translation>Exa&amp;men:</translation>
    </message>
    <message>
        <source>Co&amp;nsent:</source>
        <translation>Co&amp;nsentimiento:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Candidate or trainee</source>
        <translation>Candidato o alumno</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Frames (dropped)</source>
        <translation>Fotogramas (perdidos)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Grabaciones</translation>
    </message>
    <message>
        <source>Open in the pla&amp;yer</source>
        <translation>Abrir en el &amp;reproductor</translation>
    </message>
    <message>
        <source>De&amp;lete recording…</source>
        <translation>E&amp;liminar grabación…</translation>
    </message>
    <message>
        <source>Delete a recording</source>
        <translation>Eliminar una grabación</translation>
    </message>
    <message>
        <source>Reason (kept in the audit log)</source>
        <translation>Motivo (se guarda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Reason for deleting</source>
        <translation>Motivo de la eliminación</translation>
    </message>
    <message>
        <source>Delete the &amp;files</source>
        <translation>Eliminar los arc&amp;hivos</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Keeping recordings</source>
        <translation>Conservación de las grabaciones</translation>
    </message>
    <message>
        <source>&amp;Keep for (days):</source>
        <translation>&amp;Conservar (días):</translation>
    </message>
    <message>
        <source>Keep until deleted by hand</source>
        <translation>Conservar hasta eliminarlas a mano</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Pur&amp;ge now</source>
        <translation>&amp;Purgar ahora</translation>
    </message>
    <message>
        <source>Delete the files of every recording older than the period kept</source>
        <translation>Eliminar los archivos de todas las grabaciones más antiguas que el periodo de conservación</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>Cualquier consentimiento</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Consentimiento dado</translation>
    </message>
    <message>
        <source>Consent withdrawn or missing</source>
        <translation>Consentimiento retirado o ausente</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Grabando</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminada</translation>
    </message>
    <message>
        <source>All recordings</source>
        <translation>Todas las grabaciones</translation>
    </message>
    <message>
        <source>Practice (no exam)</source>
        <translation>Práctica (sin examen)</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>eliminada</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>grabando</translation>
    </message>
    <message>
        <source>available</source>
        <translation>disponible</translation>
    </message>
    <message>
        <source>given</source>
        <translation>dado</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>practice</source>
        <translation>práctica</translation>
    </message>
    <message>
        <source>Reason: {0}</source>
        <translation>Motivo: {0}</translation>
    </message>
    <message>
        <source>{0} of {1} recordings shown</source>
        <translation>{0} de {1} grabaciones mostradas</translation>
    </message>
    <message>
        <source>Delete the video files of {0}&apos;s recording of {1}? The entry stays in the list with the date and the reason; this cannot be undone.</source>
        <translation>¿Eliminar los archivos de vídeo de la grabación de {0} del {1}? La entrada sigue en la lista con la fecha y el motivo; no se puede deshacer.</translation>
    </message>
    <message>
        <source>Give a reason for deleting the recording (it is kept in the audit log).</source>
        <translation>Indique el motivo de la eliminación (se guarda en el registro de auditoría).</translation>
    </message>
    <message>
        <source>Recording of {0} deleted.</source>
        <translation>Grabación de {0} eliminada.</translation>
    </message>
    <message>
        <source>Recordings are kept until deleted by hand.</source>
        <translation>Las grabaciones se conservan hasta eliminarlas a mano.</translation>
    </message>
    <message>
        <source>Recordings are deleted {0} days after they were made.</source>
        <translation>Las grabaciones se eliminan {0} días después de hacerse.</translation>
    </message>
    <message>
        <source>Retention saved.</source>
        <translation>Periodo de conservación guardado.</translation>
    </message>
    <message>
        <source>{0} recordings past the retention period deleted.</source>
        <translation>{0} grabaciones con el periodo de conservación vencido eliminadas.</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Station filter</source>
        <translation>Filtro por estación</translation>
    </message>
    <message>
        <source>Examiner filter</source>
        <translation>Filtro por examinador</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>Filtro por resultado</translation>
    </message>
    <message>
        <source>Pass and fail</source>
        <translation>Aprobados y suspensos</translation>
    </message>
    <message>
        <source>✔ Pass</source>
        <translation>✔ Aprobado</translation>
    </message>
    <message>
        <source>✖ Fail</source>
        <translation>✖ Suspenso</translation>
    </message>
    <message>
        <source>⊘ Excluded</source>
        <translation>⊘ Excluido</translation>
    </message>
    <message>
        <source>∅ Absent</source>
        <translation>∅ Ausente</translation>
    </message>
    <message>
        <source>… Incomplete</source>
        <translation>… Incompleto</translation>
    </message>
    <message>
        <source>Search candidate, station, examiner…</source>
        <translation>Buscar candidato, estación, examinador…</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Candidato</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinador</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Evaluador</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Calificación global</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>A&amp;mend…</source>
        <translation>En&amp;mendar…</translation>
    </message>
    <message>
        <source>Change the marks, grade or comment of the selected result, with a reason</source>
        <translation>Cambiar las calificaciones, la nota global o el comentario del resultado elegido, con un motivo</translation>
    </message>
    <message>
        <source>Exclusions</source>
        <translation>Exclusiones</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Por qué (se guarda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Exc&amp;lude</source>
        <translation>Exc&amp;luir</translation>
    </message>
    <message>
        <source>Station:</source>
        <translation>Estación:</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Ítem:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ítem</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocada</translation>
    </message>
    <message>
        <source>Re&amp;voke selected</source>
        <translation>Re&amp;vocar la selección</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>Todas las estaciones</translation>
    </message>
    <message>
        <source>All examiners</source>
        <translation>Todos los examinadores</translation>
    </message>
    <message>
        <source>whole station</source>
        <translation>toda la estación</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>vigente</translation>
    </message>
    <message>
        <source>(the whole station)</source>
        <translation>(toda la estación)</translation>
    </message>
    <message>
        <source>{0} of {1} results shown</source>
        <translation>{0} de {1} resultados mostrados</translation>
    </message>
    <message>
        <source>Give the reason for the exclusion.</source>
        <translation>Indique el motivo de la exclusión.</translation>
    </message>
    <message>
        <source>the whole station</source>
        <translation>toda la estación</translation>
    </message>
    <message>
        <source>Excluded {0} at {1}; results re-scored.</source>
        <translation>{0} excluido en {1}; resultados recalculados.</translation>
    </message>
    <message>
        <source>Select an exclusion to revoke.</source>
        <translation>Seleccione una exclusión que revocar.</translation>
    </message>
    <message>
        <source>Give the reason for revoking it in the Reason field.</source>
        <translation>Indique el motivo de la revocación en el campo Motivo.</translation>
    </message>
    <message>
        <source>Exclusion revoked; results re-scored.</source>
        <translation>Exclusión revocada; resultados recalculados.</translation>
    </message>
    <message>
        <source>✖! Critical fail</source>
        <translation>✖! Suspenso crítico</translation>
    </message>
    <message>
        <source>… Pending standard</source>
        <translation>… Estándar pendiente</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Coordinator</source>
        <extracomment>Input that counts as &quot;someone is using the station&quot; for the idle lock. Room kept for the window manager&apos;s title bar and borders, which are not part of the window&apos;s own size: a window 800 px tall on a 1280×800 screen would lose its bottom row of buttons below the screen&apos;s edge. The screen each role sees after signing in.</extracomment>
        <translation>Coordinador</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinador</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Estudiante</translation>
    </message>
</context>
<context>
    <name>ScenarioConsole</name>
    <message>
        <source>The device URL is not valid: {0}</source>
        <extracomment>The manikin&apos;s trace since the check-in (recorded beside the live panel).</extracomment>
        <translation>La URL del dispositivo no es válida: {0}</translation>
    </message>
    <message>
        <source>Station {0} is not a simulation scenario; choose a scenario station.</source>
        <translation>La estación {0} no es un escenario de simulación; elija una estación de escenario.</translation>
    </message>
    <message>
        <source>This encounter is already submitted; choose another candidate.</source>
        <translation>Este encuentro ya está enviado; elija otro candidato.</translation>
    </message>
    <message>
        <source>The CPR trace could not be stored: {0}</source>
        <translation>No se pudo guardar la traza de RCP: {0}</translation>
    </message>
    <message>
        <source>A CPR trace that could not be stored is kept in {0}.</source>
        <translation>Una traza de RCP que no se pudo guardar se conserva en {0}.</translation>
    </message>
</context>
<context>
    <name>ScenarioSession</name>
    <message>
        <source>Scenario started</source>
        <extracomment>Whether the manikin&apos;s trace was stored when the scenario ended.</extracomment>
        <translation>Escenario iniciado</translation>
    </message>
    <message>
        <source>Paused by the operator</source>
        <translation>Pausado por el operador</translation>
    </message>
    <message>
        <source>Paused: {0}</source>
        <translation>En pausa: {0}</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Reanudado</translation>
    </message>
    <message>
        <source>Scenario ended</source>
        <translation>Escenario terminado</translation>
    </message>
    <message>
        <source>Start the scenario before firing events.</source>
        <translation>Inicie el escenario antes de lanzar eventos.</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
    </message>
    <message>
        <source>Missed (its condition did not hold): {0}</source>
        <translation>No lanzado (su condición no se cumplió): {0}</translation>
    </message>
    <message>
        <source>✋ By hand: {0}</source>
        <translation>✋ A mano: {0}</translation>
    </message>
    <message>
        <source>Vital signs over {0} s: {1}</source>
        <translation>Constantes vitales en {0} s: {1}</translation>
    </message>
    <message>
        <source>Vital signs: {0}</source>
        <translation>Constantes vitales: {0}</translation>
    </message>
    <message>
        <source>nobody is signed in</source>
        <translation>nadie ha iniciado sesión</translation>
    </message>
    <message>
        <source>The log line at {0} was not saved: {1}</source>
        <translation>La línea del registro a los {0} no se guardó: {1}</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>Change your PIN or password</source>
        <translation>Cambiar su PIN o contraseña</translation>
    </message>
    <message>
        <source>Give your current PIN or password, then the new one twice. Examiners and trainees may use a PIN of 6 digits or more; coordinators need a password of 10 characters or more.</source>
        <translation>Indique su PIN o contraseña actual y después el nuevo dos veces. Examinadores y alumnos pueden usar un PIN de 6 cifras o más; los coordinadores necesitan una contraseña de 10 caracteres o más.</translation>
    </message>
    <message>
        <source>Current:</source>
        <translation>Actual:</translation>
    </message>
    <message>
        <source>A new PIN or password for {0}</source>
        <translation>Un PIN o contraseña nuevos para {0}</translation>
    </message>
    <message>
        <source>Give {0} a new PIN or password (it also lifts a lockout), and hand it over in person. The audit log keeps who did it and why, never the secret.</source>
        <translation>Dé a {0} un PIN o contraseña nuevos (también levanta un bloqueo) y entrégueselo en persona. El registro de auditoría guarda quién lo hizo y por qué, nunca el secreto.</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>Nuevo:</translation>
    </message>
    <message>
        <source>New, again:</source>
        <translation>Nuevo, otra vez:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambiar</translation>
    </message>
    <message>
        <source>Type the new PIN or password.</source>
        <translation>Escriba el PIN o la contraseña nuevos.</translation>
    </message>
    <message>
        <source>The two entries of the PIN or password differ.</source>
        <translation>Las dos entradas del PIN o la contraseña no coinciden.</translation>
    </message>
    <message>
        <source>Your PIN or password was changed.</source>
        <translation>Se cambió su PIN o contraseña.</translation>
    </message>
    <message>
        <source>{0} has a new PIN or password.</source>
        <translation>{0} tiene un PIN o contraseña nuevos.</translation>
    </message>
</context>
<context>
    <name>SelfAssessment</name>
    <message>
        <source>Do the skill, then mark each step as you judge you did it. Items marked ! are critical. The clock shows the time since you started.</source>
        <translation>Realice la habilidad y luego marque cada paso según cómo crea que lo hizo. Los ítems marcados con ! son críticos. El reloj muestra el tiempo desde que empezó.</translation>
    </message>
    <message>
        <source>Finish and score (F10)</source>
        <translation>Terminar y puntuar (F10)</translation>
    </message>
    <message>
        <source>Abandon (Esc)</source>
        <translation>Abandonar (Esc)</translation>
    </message>
    <message>
        <source>Judged by a feedback device: left out here.</source>
        <translation>Evaluado por un dispositivo: no se tiene en cuenta aquí.</translation>
    </message>
    <message>
        <source>Done at {0} (aim: within {1} s)</source>
        <translation>Hecho a los {0} (objetivo: en menos de {1} s)</translation>
    </message>
</context>
<context>
    <name>ServiceWorker</name>
    <message>
        <source>Internal error ({0}); details are in the log file.</source>
        <extracomment>Called with ``(done, total, label)`` from long work to report its progress. The text of an error nobody handled, when no default handler is set. The services are open (emitted at once when they were given open). Opening the services failed with this exception.</extracomment>
        <translation>Error interno ({0}); los detalles están en el archivo de registro.</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <source>Signed in: {user} ({role})</source>
        <translation>Sesión iniciada: {user} ({role})</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>Contraseña…</translation>
    </message>
    <message>
        <source>PIN…</source>
        <translation>PIN…</translation>
    </message>
    <message>
        <source>Change your PIN or password</source>
        <translation>Cambiar su PIN o contraseña</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>Ajustes (Ctrl+,)</translation>
    </message>
    <message>
        <source>Lock the station (Ctrl+L)</source>
        <translation>Bloquear la estación (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sign out (Ctrl+Shift+Q)</source>
        <translation>Cerrar sesión (Ctrl+Mayús+Q)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Este ordenador</translation>
    </message>
    <message>
        <source>Station (coordinators; used from the next start)</source>
        <translation>Estación (coordinadores; se aplica en el próximo inicio)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>Lock after &amp;idle (minutes, 0 = never)</source>
        <translation>B&amp;loquear tras inactividad (minutos, 0 = nunca)</translation>
    </message>
    <message>
        <source>Bell &amp;sound</source>
        <translation>&amp;Sonido de la campana</translation>
    </message>
    <message>
        <source>&amp;Visual bell (the screen flashes)</source>
        <translation>Aviso &amp;visual (la pantalla parpadea)</translation>
    </message>
    <message>
        <source>&amp;Data directory</source>
        <translation>&amp;Carpeta de datos</translation>
    </message>
    <message>
        <source>Data&amp;base</source>
        <translation>&amp;Base de datos</translation>
    </message>
    <message>
        <source>&amp;Manikin URL</source>
        <translation>&amp;URL del maniquí</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>Cá&amp;mara</translation>
    </message>
    <message>
        <source>default data directory</source>
        <translation>carpeta de datos predeterminada</translation>
    </message>
    <message>
        <source>skillstation.db in the data directory</source>
        <translation>skillstation.db en la carpeta de datos</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Empty fields use the defaults. A manikin URL is a serial port (/dev/ttyUSB0) or sim://cpr?profile=good for the simulated manikin.</source>
        <translation>Los campos vacíos usan los valores predeterminados. La URL de un maniquí es un puerto serie (/dev/ttyUSB0) o sim://cpr?profile=good para el maniquí simulado.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Según el sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Give a manikin URL (sim://cpr?profile=good).</source>
        <translation>Indique la URL de un maniquí (sim://cpr?profile=good).</translation>
    </message>
    <message>
        <source>Keep the bell sound or the visual bell on: examiners need one.</source>
        <translation>Mantenga activado el sonido o el aviso visual: los examinadores necesitan uno.</translation>
    </message>
    <message>
        <source>Cannot save the settings: {0}</source>
        <translation>No se pueden guardar los ajustes: {0}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>StandardsPanel</name>
    <message>
        <source>each station&apos;s own</source>
        <translation>la de cada estación</translation>
    </message>
    <message>
        <source>The global grade that means borderline, counted from 1 (0: each station&apos;s)</source>
        <translation>La valoración global que significa «límite», contada desde 1 (0: la de cada estación)</translation>
    </message>
    <message>
        <source>Borderline regression</source>
        <translation>Regresión del grupo límite</translation>
    </message>
    <message>
        <source>Borderline group</source>
        <translation>Grupo límite</translation>
    </message>
    <message>
        <source>Cohen (60 % of the 95th percentile)</source>
        <translation>Cohen (60 % del percentil 95)</translation>
    </message>
    <message>
        <source>&amp;Borderline grade:</source>
        <translation>Valoración «&amp;límite»:</translation>
    </message>
    <message>
        <source>SEM &amp;multiplier:</source>
        <translation>&amp;Multiplicador del EEM:</translation>
    </message>
    <message>
        <source>&amp;Compute statistics</source>
        <translation>&amp;Calcular las estadísticas</translation>
    </message>
    <message>
        <source>&amp;Release results</source>
        <translation>&amp;Publicar los resultados</translation>
    </message>
    <message>
        <source>Why the release is withdrawn</source>
        <translation>Por qué se retira la publicación</translation>
    </message>
    <message>
        <source>&amp;Withdraw the release</source>
        <translation>&amp;Retirar la publicación</translation>
    </message>
    <message>
        <source>Withdrawal reason:</source>
        <translation>Motivo de la retirada:</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Mean %</source>
        <translation>Media %</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>DE</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>Cut %</source>
        <translation>Corte %</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>Suspensos</translation>
    </message>
    <message>
        <source>α if deleted</source>
        <translation>α si se elimina</translation>
    </message>
    <message>
        <source>Examiner η²</source>
        <translation>η² del examinador</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Station statistics</source>
        <translation>Estadísticas por estación</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Examen</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Avisos:</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabla</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>No exam chosen.</source>
        <translation>Ningún examen elegido.</translation>
    </message>
    <message>
        <source>failing {0} (exam results, pass mark {1} %)</source>
        <translation>suspensos {0} (resultados del examen, nota de aprobado {1} %)</translation>
    </message>
    <message>
        <source>No exam-level flags</source>
        <translation>Sin alertas a nivel del examen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>No standard adopted yet; results are held back.</source>
        <translation>Todavía no se ha adoptado un estándar; los resultados quedan retenidos.</translation>
    </message>
    <message>
        <source>Results released on {0}; withdraw the release to change it.</source>
        <translation>Resultados publicados el {0}; retire la publicación para cambiarlos.</translation>
    </message>
    <message>
        <source>Give the reason for withdrawing the release.</source>
        <translation>Indique el motivo de la retirada de la publicación.</translation>
    </message>
    <message>
        <source>The release of {0} is withdrawn; results are held back.</source>
        <translation>Se retiró la publicación de {0}; los resultados quedan retenidos.</translation>
    </message>
    <message>
        <source>Standard adopted for {0}: pass mark {1} %.</source>
        <translation>Estándar adoptado para {0}: nota de aprobado {1} %.</translation>
    </message>
    <message>
        <source>Adopt th&amp;is standard</source>
        <translation>A&amp;doptar este estándar</translation>
    </message>
    <message>
        <source>Standard-setting met&amp;hod:</source>
        <translation>Método para &amp;fijar el estándar:</translation>
    </message>
    <message>
        <source>{0} candidates ({1} incomplete), {2} stations</source>
        <translation>{0} candidatos ({1} incompletos), {2} estaciones</translation>
    </message>
    <message>
        <source>mean {0} % (SD {1})</source>
        <translation>media {0} % (DE {1})</translation>
    </message>
    <message>
        <source>Cronbach&apos;s α {0}</source>
        <translation>α de Cronbach {0}</translation>
    </message>
    <message>
        <source>SEM {0}</source>
        <translation>EEM {0}</translation>
    </message>
    <message>
        <source>cut score {0} %</source>
        <translation>punto de corte {0} %</translation>
    </message>
    <message>
        <source>pass mark {0} %</source>
        <translation>nota de aprobado {0} %</translation>
    </message>
    <message>
        <source>failing {0}</source>
        <translation>suspensos {0}</translation>
    </message>
    <message>
        <source>Standard in force: {0}, cut score {1} %, pass mark {2} % (SEM × {3}).</source>
        <translation>Estándar vigente: {0}, punto de corte {1} %, nota de aprobado {2} % (EEM × {3}).</translation>
    </message>
    <message>
        <source>Adopted by {0} on {1}.</source>
        <translation>Adoptado por {0} el {1}.</translation>
    </message>
    <message>
        <source>Results of {0} released.</source>
        <translation>Resultados de {0} publicados.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>PySide6 {0} loses references on Python {1} and would crash the station in the middle of an encounter; install the supported release ({2}) with scripts/setup.sh or pip, then start again</source>
        <translation>PySide6 {0} pierde referencias con Python {1} y haría fallar la estación en medio de un encuentro; instale la versión admitida ({2}) con scripts/setup.sh o pip y vuelva a iniciar</translation>
    </message>
    <message>
        <source>Cannot open the database {0}: {1}</source>
        <translation>No se puede abrir la base de datos {0}: {1}</translation>
    </message>
</context>
<context>
    <name>StatisticsPlots</name>
    <message>
        <source>Station to plot</source>
        <extracomment>The choice &quot;the whole exam&quot; in the station box.</extracomment>
        <translation>Estación a representar</translation>
    </message>
    <message>
        <source>Plot:</source>
        <translation>Gráfico:</translation>
    </message>
    <message>
        <source>Compute the statistics to see them plotted.</source>
        <translation>Calcule las estadísticas para verlas en gráficos.</translation>
    </message>
    <message>
        <source>The whole exam</source>
        <translation>Todo el examen</translation>
    </message>
    <message>
        <source>Score (%)</source>
        <translation>Puntuación (%)</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Candidatos</translation>
    </message>
    <message>
        <source>Pass mark {0} %</source>
        <translation>Nota de aprobado {0} %</translation>
    </message>
    <message>
        <source>Total (%)</source>
        <translation>Total (%)</translation>
    </message>
    <message>
        <source>Totals of the candidates who sat every station. Choose a station for its borderline regression.</source>
        <translation>Totales de los candidatos que pasaron todas las estaciones. Elija una estación para su regresión de casos límite.</translation>
    </message>
    <message>
        <source>Cut score {0} %</source>
        <translation>Punto de corte {0} %</translation>
    </message>
    <message>
        <source>Global grade</source>
        <translation>Calificación global</translation>
    </message>
    <message>
        <source>Cut score</source>
        <translation>Punto de corte</translation>
    </message>
    <message>
        <source>Each dot a candidate; the line is the regression, and the cut score is where it crosses the borderline grade.</source>
        <translation>Cada punto es un candidato; la recta es la regresión, y el punto de corte es donde cruza la calificación límite.</translation>
    </message>
    <message>
        <source>This station has no global rating: no borderline regression.</source>
        <translation>Esta estación no tiene calificación global: no hay regresión de casos límite.</translation>
    </message>
    <message>
        <source>Mean score (%) with its 95 % interval</source>
        <translation>Puntuación media (%) con su intervalo del 95 %</translation>
    </message>
    <message>
        <source>All examiners</source>
        <translation>Todos los examinadores</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Not started</source>
        <translation>Sin empezar</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Ausente</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrado</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Crítico</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Excluido</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>P&amp;ractise again</source>
        <translation>Practicar &amp;otra vez</translation>
    </message>
    <message>
        <source>My &amp;attempts</source>
        <translation>&amp;Mis prácticas</translation>
    </message>
    <message>
        <source>Attempt saved: {0}</source>
        <translation>Práctica guardada: {0}</translation>
    </message>
    <message>
        <source>Rate only, from the camera: no score</source>
        <translation>Solo frecuencia, desde la cámara: sin puntuación</translation>
    </message>
    <message>
        <source>Score: {0} / 100</source>
        <translation>Puntuación: {0} / 100</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Los suyos</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>The camera saw less than 5 s of video: no rate could be measured.</source>
        <translation>La cámara vio menos de 5 s de vídeo: no se pudo medir la frecuencia.</translation>
    </message>
    <message>
        <source>Measured from the camera: the rate only, as feedback for practice (no score: depth and recoil need a manikin).</source>
        <translation>Medido por la cámara: solo la frecuencia, como información para practicar (sin puntuación: la profundidad y la descompresión requieren un maniquí).</translation>
    </message>
    <message>
        <source>{0} of {1} steps done, in {2}.</source>
        <translation>{0} de {1} pasos hechos, en {2}.</translation>
    </message>
    <message>
        <source>Compressions</source>
        <translation>Compresiones</translation>
    </message>
    <message>
        <source>Mean depth</source>
        <translation>Profundidad media</translation>
    </message>
    <message>
        <source>Compressions at the right depth</source>
        <translation>Compresiones a la profundidad correcta</translation>
    </message>
    <message>
        <source>Mean rate</source>
        <translation>Frecuencia media</translation>
    </message>
    <message>
        <source>Compressions at the right rate</source>
        <translation>Compresiones a la frecuencia correcta</translation>
    </message>
    <message>
        <source>Full recoil</source>
        <translation>Descompresión completa</translation>
    </message>
    <message>
        <source>Compression fraction (CCF)</source>
        <translation>Fracción de compresión (FCT)</translation>
    </message>
    <message>
        <source>Longest pause</source>
        <translation>Pausa más larga</translation>
    </message>
    <message>
        <source>Breaths (in volume)</source>
        <translation>Ventilaciones (volumen correcto)</translation>
    </message>
    <message>
        <source>Hands-off alarms</source>
        <translation>Alarmas de pausa</translation>
    </message>
    <message>
        <source>needs a manikin</source>
        <translation>requiere un maniquí</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hecho</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>parcialmente</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>no hecho</translation>
    </message>
    <message>
        <source>not marked</source>
        <translation>sin marcar</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>no considerado</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>Reason (kept in the audit log)</source>
        <translation>Motivo (se guarda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>Añadir una cuenta</translation>
    </message>
    <message>
        <source>Examiner (signs in with a PIN)</source>
        <translation>Examinador (inicia sesión con PIN)</translation>
    </message>
    <message>
        <source>Coordinator (signs in with a password)</source>
        <translation>Coordinador (inicia sesión con contraseña)</translation>
    </message>
    <message>
        <source>Trainee (signs in with a PIN)</source>
        <translation>Estudiante (inicia sesión con PIN)</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rol:</translation>
    </message>
    <message>
        <source>Reacti&amp;vate selected</source>
        <translation>Reacti&amp;var la selección</translation>
    </message>
    <message>
        <source>Deactivate se&amp;lected</source>
        <translation>&amp;Desactivar la selección</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>Nuevo PIN…</translation>
    </message>
    <message>
        <source>Give the selected account a new PIN or password</source>
        <translation>Dar a la cuenta elegida un PIN o contraseña nuevos</translation>
    </message>
    <message>
        <source>Add a&amp;ccount</source>
        <translation>Añadir &amp;cuenta</translation>
    </message>
    <message>
        <source>User&amp;name:</source>
        <translation>Usuar&amp;io:</translation>
    </message>
    <message>
        <source>Na&amp;me shown:</source>
        <translation>No&amp;mbre mostrado:</translation>
    </message>
    <message>
        <source>P&amp;IN or password:</source>
        <translation>PI&amp;N o contraseña:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Repetir:</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <source>locked until {0}</source>
        <translation>bloqueada hasta {0}</translation>
    </message>
    <message>
        <source>Give a username.</source>
        <translation>Indique un usuario.</translation>
    </message>
    <message>
        <source>The two entries of the PIN or password differ.</source>
        <translation>Las dos entradas del PIN o la contraseña no coinciden.</translation>
    </message>
    <message>
        <source>Account {0} added.</source>
        <translation>Cuenta {0} añadida.</translation>
    </message>
    <message>
        <source>Select an account first.</source>
        <translation>Seleccione primero una cuenta.</translation>
    </message>
    <message>
        <source>Give the reason first.</source>
        <translation>Indique primero el motivo.</translation>
    </message>
    <message>
        <source>reactivated</source>
        <translation>reactivada</translation>
    </message>
</context>
<context>
    <name>VitalTile</name>
    <message>
        <source>ALARM</source>
        <translation>ALARMA</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
</context>
</TS>
