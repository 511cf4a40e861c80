// The public page's own words in the office's six languages. Category and
// neighbourhood names come from the poll itself (GET /community/data).
// Translations other than English are unreviewed until community members have checked them.
export const texts = {
  en: {
    title: 'What our community told us', language: 'Language',
    intro: 'People from Roxbury, Mission Hill and Jamaica Plain tell the Office for Community-Centered Medical Education what matters most for the health of their community. Here is what they said, and what the office is doing about it. Counts under 5 are not shown, so that no one can be recognised.',
    overall: 'All our neighbourhoods', byNeighbourhood: 'By neighbourhood', overTime: 'Over time', actions: 'What we are doing about it',
    quotes: 'In their words', respondents: (n) => `People who answered: ${n}`, fewer: 'fewer than 5', none: 'Not enough answers yet to share.',
    noActions: 'Nothing recorded yet.', loading: 'Loading…', failed: 'The results could not be loaded. Please try again later.',
    wholeArea: 'All neighbourhoods', stages: { heard: 'Heard', discussed: 'Discussed with partners', acting: 'Acting', done: 'Done' },
    about: 'About', resultsBy: 'Reply RESULTS by text to get these results on your phone.',
  },
  es: {
    title: 'Lo que nos dijo nuestra comunidad', language: 'Idioma',
    intro: 'Personas de Roxbury, Mission Hill y Jamaica Plain le dicen a la Oficina de Educación Médica Centrada en la Comunidad qué es lo más importante para la salud de su comunidad. Esto es lo que dijeron y lo que la oficina está haciendo al respecto. No se muestran cifras menores de 5, para que nadie pueda ser reconocido.',
    overall: 'Todos nuestros barrios', byNeighbourhood: 'Por barrio', overTime: 'A lo largo del tiempo', actions: 'Lo que estamos haciendo',
    quotes: 'En sus palabras', respondents: (n) => `Personas que respondieron: ${n}`, fewer: 'menos de 5', none: 'Todavía no hay suficientes respuestas para compartir.',
    noActions: 'Todavía no hay nada registrado.', loading: 'Cargando…', failed: 'No se pudieron cargar los resultados. Inténtelo más tarde.',
    wholeArea: 'Todos los barrios', stages: { heard: 'Escuchado', discussed: 'Hablado con socios', acting: 'En acción', done: 'Hecho' },
    about: 'Sobre', resultsBy: 'Envíe RESULTADOS por mensaje de texto para recibir estos resultados en su teléfono.',
  },
  ht: {
    title: 'Sa kominote nou an di nou', language: 'Lang',
    intro: 'Moun nan Roxbury, Mission Hill ak Jamaica Plain di Biwo Edikasyon Medikal ki Santre sou Kominote a sa ki pi enpòtan pou sante kominote yo. Men sa yo te di, ak sa biwo a ap fè sou sa. Nou pa montre chif ki anba 5, pou pèsonn pa ka rekonèt.',
    overall: 'Tout katye nou yo', byNeighbourhood: 'Pa katye', overTime: 'Avèk tan', actions: 'Sa n ap fè sou sa',
    quotes: 'Nan pwòp mo yo', respondents: (n) => `Moun ki reponn: ${n}`, fewer: 'mwens pase 5', none: 'Pa gen ase repons ankò pou nou pataje.',
    noActions: 'Poko gen anyen ki anrejistre.', loading: 'N ap chaje…', failed: 'Nou pa t ka chaje rezilta yo. Tanpri eseye ankò pita.',
    wholeArea: 'Tout katye yo', stages: { heard: 'Nou tande', discussed: 'Pale ak patnè yo', acting: 'N ap aji', done: 'Fini' },
    about: 'Sou', resultsBy: 'Voye REZILTA pa tèks pou w resevwa rezilta sa yo sou telefòn ou.',
  },
  kea: {
    title: 'Kuzé ki nos komunidadi fla-nu', language: 'Lingua',
    intro: 'Algen di Roxbury, Mission Hill y Jamaica Plain ta fla Ofisina di Edukason Médiku Sentradu na Komunidadi kuzé ki más inportanti pa saúdi di ses komunidadi. Li é kuzé ki es fla, y kuzé ki ofisina sta ta faze. Nu ka ta mostra númerus menus di 5, pa ninguen ka pode ser rekonxedu.',
    overall: 'Tudu nos bairus', byNeighbourhood: 'Pur bairu', overTime: 'Ku tenpu', actions: 'Kuzé ki nu sta ta faze',
    quotes: 'Na ses palavra', respondents: (n) => `Algen ki responde: ${n}`, fewer: 'menus di 5', none: 'Inda ka ten respostas sufisienti pa partilha.',
    noActions: 'Inda ka ten nada rejistradu.', loading: 'Ta karega…', failed: 'Ka foi posível karega rezultadus. Tenta más logu.',
    wholeArea: 'Tudu bairus', stages: { heard: 'Obidu', discussed: 'Konbersadu ku parseirus', acting: 'Ta faze', done: 'Fetu' },
    about: 'Sobri', resultsBy: 'Manda RIZULTADU pa mensajen pa resebe es rezultadus na bu telefoni.',
  },
  zh: {
    title: '社区告诉我们的话', language: '语言',
    intro: '来自 Roxbury、Mission Hill 和 Jamaica Plain 的居民告诉社区医学教育办公室，什么对他们社区的健康最重要。以下是他们说的话，以及办公室正在采取的行动。少于5人的数字不会显示，以免任何人被认出。',
    overall: '所有社区', byNeighbourhood: '按社区', overTime: '随时间变化', actions: '我们正在做的事',
    quotes: '他们的原话', respondents: (n) => `回答人数：${n}`, fewer: '少于5人', none: '目前回答还不够多，暂时无法分享。',
    noActions: '暂无记录。', loading: '正在加载…', failed: '无法加载结果，请稍后再试。',
    wholeArea: '所有社区', stages: { heard: '已听取', discussed: '已与合作伙伴讨论', acting: '正在行动', done: '已完成' },
    about: '关于', resultsBy: '发送短信“结果”，即可在手机上收到这些结果。',
  },
  vi: {
    title: 'Những gì cộng đồng đã nói với chúng tôi', language: 'Ngôn ngữ',
    intro: 'Người dân Roxbury, Mission Hill và Jamaica Plain cho Văn phòng Giáo dục Y khoa Hướng về Cộng đồng biết điều gì quan trọng nhất cho sức khỏe cộng đồng của họ. Đây là những gì họ đã nói và những gì văn phòng đang làm. Các con số dưới 5 không được hiển thị để không ai có thể bị nhận ra.',
    overall: 'Tất cả các khu phố', byNeighbourhood: 'Theo khu phố', overTime: 'Theo thời gian', actions: 'Những gì chúng tôi đang làm',
    quotes: 'Bằng lời của họ', respondents: (n) => `Số người trả lời: ${n}`, fewer: 'dưới 5', none: 'Chưa đủ câu trả lời để chia sẻ.',
    noActions: 'Chưa có gì được ghi lại.', loading: 'Đang tải…', failed: 'Không tải được kết quả. Vui lòng thử lại sau.',
    wholeArea: 'Tất cả các khu phố', stages: { heard: 'Đã lắng nghe', discussed: 'Đã bàn với đối tác', acting: 'Đang thực hiện', done: 'Đã xong' },
    about: 'Về', resultsBy: 'Nhắn KẾT QUẢ để nhận các kết quả này trên điện thoại của bạn.',
  },
};
